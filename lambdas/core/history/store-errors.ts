/** Raised when a write would replace an existing record: the history is append-only. */
export class HistoryOverwriteError extends Error {
  override readonly name = 'HistoryOverwriteError';
}

/** Some records of a batch were not written; `failures` says which and why (the others were written). */
export class HistoryWriteError extends Error {
  override readonly name = 'HistoryWriteError';
  constructor(
    readonly failures: readonly { recordId: string; error: unknown }[],
    readonly attempted: number,
  ) {
    const first = failures[0];
    const firstText = first
      ? `; first: record ${first.recordId}: ${first.error instanceof Error ? `${first.error.name}: ${first.error.message}` : String(first.error)}`
      : '';
    super(`${failures.length} of ${attempted} history records were not written${firstText}`);
  }
}

/** A pagination cursor that this store did not produce (or that was cut or edited). */
export class HistoryCursorError extends Error {
  override readonly name = 'HistoryCursorError';
}
