/**
 * CloudTrail delivers at least once: a change is acted on once per event id for a week. The
 * deployed change responder and `netwarden replay` use the same settings.
 */
export const CHANGE_IDEMPOTENCY = { eventKeyJmesPath: 'eventId', expiresAfterSeconds: 7 * 24 * 3600 } as const;
