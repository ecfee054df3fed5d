/** Where the mock writes its diagnostics (`console` fits); every level is optional. */
export interface MockLogger {
  /** Every request, with its status and duration. */
  debug?(message: string): void;
  /** Startup and shutdown. */
  info?(message: string): void;
  /** Injected faults and responses that violate the spec. */
  warn?(message: string): void;
  /** Handler crashes (answered as 500). */
  error?(message: string): void;
}
