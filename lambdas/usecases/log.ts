/** The logging the use cases need; Powertools' Logger satisfies it, tests pass a recorder. */
export interface Log {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** The error as log attributes: name and message, never a bare object that serialises to `{}`. */
export function errorAttributes(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message };
  return { errorName: 'Unknown', errorMessage: String(error) };
}
