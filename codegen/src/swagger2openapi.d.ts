declare module 'swagger2openapi' {
  interface ConvertOptions {
    patch?: boolean;
    warnOnly?: boolean;
    resolveInternal?: boolean;
  }
  const converter: {
    convertObj(spec: unknown, options: ConvertOptions): Promise<{ openapi: Record<string, unknown> }>;
  };
  export default converter;
}
