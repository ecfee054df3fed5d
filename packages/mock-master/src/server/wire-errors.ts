/** The master's `runtimeError` JSON body. */
export interface RuntimeErrorBody {
  error: string;
  code: number;
  message: string;
  details: unknown[];
}

/** Builds the master's `runtimeError` JSON body. */
export function runtimeErrorBody(code: number, message: string): RuntimeErrorBody {
  return { error: message, code, message, details: [] };
}
