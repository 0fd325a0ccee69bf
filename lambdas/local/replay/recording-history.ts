import type { HistoryQuery } from '../../core/history/query';
import type { HistoryRecord } from '../../core/history/records';
import type { HistoryPage, HistoryPageRequest, HistoryStore } from '../../ports';

/**
 * A `HistoryStore` that passes everything to the real store and remembers what was appended, so a
 * replay can show per event the evaluations, findings, decisions and actions the flow recorded.
 */
export class RecordingHistoryStore implements HistoryStore {
  private readonly appended: HistoryRecord[] = [];

  constructor(private readonly store: HistoryStore) {}

  async append(record: HistoryRecord): Promise<void> {
    await this.store.append(record);
    this.appended.push(record);
  }

  async appendAll(records: readonly HistoryRecord[]): Promise<void> {
    try {
      await this.store.appendAll(records);
    } finally {
      // appendAll writes what it can even when some records fail; the failure itself is rethrown.
      this.appended.push(...records);
    }
  }

  query(query: HistoryQuery, page?: HistoryPageRequest): Promise<HistoryPage> {
    return this.store.query(query, page);
  }

  iterate(query: HistoryQuery, pageSize?: number): AsyncIterable<HistoryRecord> {
    return this.store.iterate(query, pageSize);
  }

  /** Every record appended since the last call, in order; the list is emptied. */
  take(): HistoryRecord[] {
    return this.appended.splice(0);
  }
}
