/** Errors every `BaselineStore` adapter raises the same way, so callers handle them once. */

/** The stored baseline changed since it was loaded (someone approved in between): load again and retry. */
export class BaselineConflictError extends Error {
  override readonly name = 'BaselineConflictError';
}

/** The baseline could not be read or written; the message names where and why. */
export class BaselineStoreError extends Error {
  override readonly name = 'BaselineStoreError';
}
