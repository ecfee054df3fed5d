/** A codegen failure the user can act on; the CLI prints its message and exits with status 2. */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';
}
