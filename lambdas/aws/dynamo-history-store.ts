import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { fromHistoryItem, HISTORY_TABLE_KEYS, toHistoryItem, withRetention } from '../core/history/keys';
import { parseHistoryRecord } from '../core/history/parse-record';
import { type HistoryQuery, planQuery, type QuerySegment } from '../core/history/query';
import type { HistoryRecord } from '../core/history/records';
import { HistoryCursorError, HistoryOverwriteError, HistoryWriteError } from '../core/history/store-errors';
import type { HistoryPage, HistoryPageRequest, HistoryStore } from '../ports';

export interface DynamoHistoryStoreOptions {
  /** A DynamoDB client for the table's region (or the embedded endpoint); it is wrapped, not owned. */
  client: DynamoDBClient;
  tableName: string;
  /** Days a record is kept (sets `expiresAt` and the `ttl` attribute); unset keeps records until someone changes the table. */
  retentionDays?: number;
  /** Parallel PutItem calls in `appendAll`. */
  writeConcurrency?: number;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

type Key = Record<string, string>;
interface Cursor {
  /** Index of the query segment (day partition) to continue in. */
  s: number;
  /** LastEvaluatedKey inside that segment. */
  k?: Key;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string, segments: number): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new HistoryCursorError(`cursor ${text.slice(0, 40)}: not a cursor this history store produced`);
  }
  const c = value as Partial<Cursor> | null;
  const keyOk =
    c?.k === undefined ||
    (typeof c.k === 'object' && c.k !== null && Object.values(c.k).every((v) => typeof v === 'string'));
  if (typeof c?.s !== 'number' || !Number.isInteger(c.s) || c.s < 0 || c.s >= segments || !keyOk) {
    throw new HistoryCursorError(`cursor ${text.slice(0, 40)}: not a cursor for this query`);
  }
  return c as Cursor;
}

function queryInput(tableName: string, segment: QuerySegment, limit: number, startKey?: Key): QueryCommandInput {
  const names: Record<string, string> = { '#pk': segment.partitionKeyName };
  const values: Record<string, unknown> = { ':pk': segment.partitionValue };
  let keyCondition = '#pk = :pk';
  if (segment.since !== undefined || segment.until !== undefined) names['#sk'] = segment.sortKeyName;
  if (segment.since !== undefined) values[':since'] = segment.since;
  if (segment.until !== undefined) values[':until'] = segment.until;
  // Sort keys are `<at>#<id>`: the bare `until` instant sorts before every key at that instant, so BETWEEN excludes them.
  if (segment.since !== undefined && segment.until !== undefined) keyCondition += ' AND #sk BETWEEN :since AND :until';
  else if (segment.since !== undefined) keyCondition += ' AND #sk >= :since';
  else if (segment.until !== undefined) keyCondition += ' AND #sk < :until';

  const filters: string[] = [];
  if (segment.filter.resourceId !== undefined) {
    names['#resourceId'] = 'resourceId';
    values[':resourceId'] = segment.filter.resourceId;
    filters.push('#resourceId = :resourceId');
  }
  if (segment.filter.ruleId !== undefined) {
    names['#ruleId'] = 'ruleId';
    values[':ruleId'] = segment.filter.ruleId;
    filters.push('#ruleId = :ruleId');
  }
  if (segment.filter.kinds !== undefined) {
    names['#kind'] = 'kind';
    const placeholders = segment.filter.kinds.map((kind, i) => {
      values[`:kind${i}`] = kind;
      return `:kind${i}`;
    });
    filters.push(`#kind IN (${placeholders.join(', ')})`);
  }
  return {
    TableName: tableName,
    ...(segment.indexName === undefined ? {} : { IndexName: segment.indexName }),
    KeyConditionExpression: keyCondition,
    ...(filters.length === 0 ? {} : { FilterExpression: filters.join(' AND ') }),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: segment.ascending,
    Limit: limit,
    ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
  };
}

/** The history in one DynamoDB table (see `core/history/keys.ts` for the key design). */
export class DynamoHistoryStore implements HistoryStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retentionDays: number | undefined;
  private readonly writeConcurrency: number;

  constructor(options: DynamoHistoryStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.tableName = options.tableName;
    this.retentionDays = options.retentionDays;
    this.writeConcurrency = options.writeConcurrency ?? 16;
    if (this.retentionDays !== undefined && !(this.retentionDays > 0)) {
      throw new RangeError(`retentionDays: expected a positive number of days, got ${this.retentionDays}`);
    }
  }

  async append(record: HistoryRecord): Promise<void> {
    parseHistoryRecord(record, `record ${record.recordId ?? '(no recordId)'}`);
    const item = toHistoryItem(withRetention(record, this.retentionDays));
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': HISTORY_TABLE_KEYS.partitionKey },
        }),
      );
    } catch (error: unknown) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new HistoryOverwriteError(
          `table ${this.tableName}: a record with key ${item.pk} / ${item.sk} already exists; the history is append-only, write a new record instead`,
        );
      }
      throw error;
    }
  }

  async appendAll(records: readonly HistoryRecord[]): Promise<void> {
    const failures: { recordId: string; error: unknown }[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < records.length) {
        const record = records[next++]!;
        try {
          await this.append(record);
        } catch (error: unknown) {
          failures.push({ recordId: record.recordId, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.writeConcurrency, records.length) }, worker));
    if (failures.length > 0) throw new HistoryWriteError(failures, records.length);
  }

  async query(query: HistoryQuery, page: HistoryPageRequest = {}): Promise<HistoryPage> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new RangeError(`page.limit: expected an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
    }
    const segments = planQuery(query);
    let position: Cursor = page.cursor === undefined ? { s: 0 } : decodeCursor(page.cursor, segments.length);
    const records: HistoryRecord[] = [];
    while (records.length < limit && position.s < segments.length) {
      const segment = segments[position.s]!;
      const out = await this.doc.send(
        new QueryCommand(queryInput(this.tableName, segment, limit - records.length, position.k)),
      );
      for (const item of out.Items ?? []) {
        records.push(fromHistoryItem(item, `table ${this.tableName} item ${String(item.pk)} / ${String(item.sk)}`));
      }
      const lastKey = out.LastEvaluatedKey as Key | undefined;
      position = lastKey === undefined ? { s: position.s + 1 } : { s: position.s, k: lastKey };
    }
    return position.s < segments.length ? { records, cursor: encodeCursor(position) } : { records };
  }

  async *iterate(query: HistoryQuery, pageSize = DEFAULT_PAGE_SIZE): AsyncIterable<HistoryRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.query(query, { limit: pageSize, ...(cursor === undefined ? {} : { cursor }) });
      yield* page.records;
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
}
