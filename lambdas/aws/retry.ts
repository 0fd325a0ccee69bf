/**
 * Retries of throttled AWS calls: exponential backoff with full jitter (delay drawn uniformly in
 * [0, min(cap, base * 2^attempt)]), which spreads many clients' retries instead of synchronising
 * them. `sleep` and `random` are injectable so tests run instantly and deterministically.
 */

export const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);

export interface RetryOptions {
  /** Total calls, the first one included (default 6). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1). */
  random?: () => number;
}

/** The error code of an AWS SDK v3 error (`name`, or `Code` for some query-protocol errors). */
export function awsErrorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const record = error as { Code?: unknown; name?: unknown };
  if (typeof record.Code === 'string') return record.Code;
  return typeof record.name === 'string' ? record.name : undefined;
}

export function awsRequestId(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const metadata = (error as { $metadata?: { requestId?: unknown } }).$metadata;
  return typeof metadata?.requestId === 'string' ? metadata.requestId : undefined;
}

export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`still throttled after ${attempts} attempts (${awsErrorCode(lastError) ?? 'unknown error'})`);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, retrying only throttling errors. Resolves to the result and the
 * number of calls made; a non-throttling error is rethrown at once, wrapped with the attempt count.
 */
export async function withThrottlingRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions = {},
): Promise<{ result: T; attempts: number }> {
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await fn(), attempts: attempt };
    } catch (error: unknown) {
      const code = awsErrorCode(error);
      if (code === undefined || !THROTTLING_CODES.has(code)) throw new AttemptError(attempt, error);
      if (attempt >= maxAttempts) throw new AttemptError(attempt, new RetriesExhaustedError(attempt, error));
      await sleep(Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1))));
    }
  }
}

/** An error from `withThrottlingRetry`, carrying how many calls were made before it. */
export class AttemptError extends Error {
  override readonly name = 'AttemptError';
  constructor(
    readonly attempts: number,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}
