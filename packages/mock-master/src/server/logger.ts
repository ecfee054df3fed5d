/** Where the mock writes its diagnostics (`console` fits); every level is optional. */
export interface MockLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}
