import { EventValidationError } from '../events/event-error';
import type { Log } from './log';

/**
 * Parses a trigger's event; a malformed one is logged with its event id and the exact field, then
 * rethrown, so the invocation fails, is retried twice and lands in the function's DLQ instead of
 * being dropped or retried forever.
 */
export function parseOrReject<T>(parse: (raw: unknown) => T, raw: unknown, log: Log): T {
  try {
    return parse(raw);
  } catch (error: unknown) {
    if (error instanceof EventValidationError) {
      log.error('Rejected a malformed event', {
        eventId: error.eventId,
        path: error.path,
        problem: error.problem,
      });
    }
    throw error;
  }
}
