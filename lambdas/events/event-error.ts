/**
 * Raised when a trigger's payload is not what AWS documents. The handler logs it with the event id
 * and rethrows, so the asynchronous invocation fails, is retried, and finally lands in the DLQ
 * where a person can read it: nothing is silently dropped.
 */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';

  constructor(
    readonly eventId: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`event ${eventId}: ${path}: ${problem}`);
  }
}

/** Describes a value for an error message without dumping a whole payload. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
