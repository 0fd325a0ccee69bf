import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoHistoryStore } from '../../../lambdas/aws/dynamo-history-store';
import type { HistoryRecord } from '../../../lambdas/core/history/records';
import {
  HistoryCursorError,
  HistoryOverwriteError,
  HistoryWriteError,
} from '../../../lambdas/core/history/store-errors';
import {
  type EmbeddedDynamo,
  ensureHistoryTable,
  LOCAL_HISTORY_TABLE,
  openLocalHistory,
  startEmbeddedDynamo,
} from '../../../lambdas/local/embedded-dynamo';
import type { HistoryStore } from '../../../lambdas/ports';
import {
  actionRecord,
  decisionRecord,
  errorRecord,
  evaluation,
  findingRecord,
  rollbackRecord,
  SSH_FINDING,
} from './record-fixtures';

const SG = SSH_FINDING.resourceId;
const RISKY = 'sg-risky-port-open-to-internet';

async function all(store: HistoryStore, query: Parameters<HistoryStore['iterate']>[0], pageSize?: number) {
  const out: HistoryRecord[] = [];
  for await (const r of store.iterate(query, pageSize)) out.push(r);
  return out;
}

describe('DynamoHistoryStore on embedded dynalite', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoHistoryStore;

  beforeEach(async () => {
    dynamo = await startEmbeddedDynamo();
    await ensureHistoryTable(dynamo.client, LOCAL_HISTORY_TABLE, dynamo.location);
    store = new DynamoHistoryStore({ client: dynamo.client, tableName: LOCAL_HISTORY_TABLE });
  });

  afterEach(async () => {
    await dynamo.stop();
  });

  it('returns the history of a resource, every kind, exactly as written, in time order', async () => {
    // Prepare
    const written: HistoryRecord[] = [
      evaluation('2026-11-20T10:00:00.000Z', 'e1', SG, RISKY, 'NON_COMPLIANT'),
      findingRecord('2026-11-20T10:00:00.001Z', 'f1'),
      decisionRecord('2026-11-20T10:00:01.000Z', 'd1'),
      actionRecord('2026-11-20T10:00:02.000Z', 'a1'),
      rollbackRecord('2026-11-21T09:00:00.000Z', 'r1', 'a1'),
    ];
    const elsewhere = errorRecord('2026-11-20T10:00:03.000Z', 'x1');
    await store.appendAll([...written].reverse());
    await store.append(elsewhere);

    // Act
    const ascending = await store.query({ resourceId: SG });
    const descending = await store.query({ resourceId: SG, order: 'desc' });

    // Assess
    expect(ascending.records).toEqual(written);
    expect(ascending.cursor).toBeUndefined();
    expect(descending.records.map((r) => r.recordId)).toEqual(['r1', 'a1', 'd1', 'f1', 'e1']);
    expect((await store.query({ resourceId: elsewhere.resourceId })).records).toEqual([elsewhere]);
  });

  it('returns the history of a rule across resources, and a resource filtered by rule and kind', async () => {
    // Prepare
    await store.appendAll([
      evaluation('2026-11-20T10:00:00.000Z', 'e1', SG, RISKY, 'NON_COMPLIANT'),
      evaluation('2026-11-20T10:00:00.000Z', 'e2', 'sg-0b2c3d4e5f6071829', RISKY, 'COMPLIANT'),
      evaluation('2026-11-20T10:00:00.000Z', 'e3', SG, 'sg-unattached', 'COMPLIANT'),
      findingRecord('2026-11-20T10:00:00.001Z', 'f1'),
      actionRecord('2026-11-20T10:00:02.000Z', 'a1'),
      errorRecord('2026-11-20T10:00:03.000Z', 'x1'),
    ]);

    // Act
    const byRule = await store.query({ ruleId: RISKY, kinds: ['evaluation'] });
    const everyKindOfRule = await store.query({ ruleId: RISKY });
    const resourceAndRule = await store.query({ resourceId: SG, ruleId: 'sg-unattached' });

    // Assess
    expect(byRule.records.map((r) => r.recordId)).toEqual(['e1', 'e2']);
    expect(everyKindOfRule.records.map((r) => r.recordId).sort()).toEqual(['a1', 'e1', 'e2', 'f1']);
    expect(resourceAndRule.records.map((r) => r.recordId)).toEqual(['e3']);
  });

  it('returns everything in a time range across day partitions, since inclusive and until exclusive', async () => {
    // Prepare
    await store.appendAll([
      errorRecord('2026-11-18T23:59:59.999Z', 'before'),
      evaluation('2026-11-19T00:00:00.000Z', 'first', SG, RISKY, 'COMPLIANT'),
      findingRecord('2026-11-19T13:00:00.000Z', 'middle'),
      actionRecord('2026-11-21T08:00:00.000Z', 'last'),
      errorRecord('2026-11-21T08:00:00.000Z', 'at-until'),
    ]);

    // Act
    const range = await store.query({ since: '2026-11-19T00:00:00.000Z', until: '2026-11-21T08:00:00.000Z' });
    const newestFirst = await store.query({
      since: '2026-11-18T00:00:00.000Z',
      until: '2026-11-22T00:00:00.000Z',
      order: 'desc',
    });
    const resourceRange = await store.query({ resourceId: SG, since: '2026-11-19T12:00:00.000Z' });

    // Assess
    expect(range.records.map((r) => r.recordId)).toEqual(['first', 'middle']);
    expect(newestFirst.records.map((r) => r.recordId)).toEqual(['last', 'at-until', 'middle', 'first', 'before']);
    expect(resourceRange.records.map((r) => r.recordId)).toEqual(['middle', 'last']);
  });

  it('pages through a resource and a multi-day range with small pages, losing and repeating nothing', async () => {
    // Prepare
    const records = Array.from({ length: 23 }, (_, i) =>
      evaluation(
        new Date(Date.parse('2026-11-15T06:00:00.000Z') + i * 7 * 3_600_000).toISOString(),
        `e${String(i).padStart(2, '0')}`,
        SG,
        RISKY,
        i % 2 === 0 ? 'COMPLIANT' : 'NON_COMPLIANT',
      ),
    );
    await store.appendAll(records);
    const expected = records.map((r) => r.recordId);

    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query({ resourceId: SG }, { limit: 5, ...(cursor ? { cursor } : {}) });
      pages.push(page.records.map((r) => r.recordId));
      cursor = page.cursor;
    } while (cursor !== undefined);
    const rangeIds = (
      await all(store, { since: '2026-11-15T00:00:00.000Z', until: '2026-11-23T00:00:00.000Z' }, 4)
    ).map((r) => r.recordId);
    const descIds = (await all(store, { ruleId: RISKY, order: 'desc' }, 3)).map((r) => r.recordId);

    // Assess
    expect(pages.slice(0, 4).every((p) => p.length === 5)).toBe(true);
    expect(pages.flat()).toEqual(expected);
    expect(rangeIds).toEqual(expected);
    expect(descIds).toEqual([...expected].reverse());
  });

  it('refuses to overwrite a record and keeps the original', async () => {
    // Prepare
    const original = errorRecord('2026-11-20T10:00:00.000Z', 'x1');
    await store.append(original);
    const forged = { ...original, message: 'nothing happened here' };

    // Act
    const attempt = store.append(forged);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(HistoryOverwriteError);
    await expect(attempt).rejects.toThrow(/append-only/);
    expect((await store.query({ resourceId: original.resourceId })).records).toEqual([original]);
  });

  it('reports the failed records of a batch and still writes the others', async () => {
    // Prepare
    const existing = errorRecord('2026-11-20T10:00:00.000Z', 'x1');
    await store.append(existing);
    const fresh = errorRecord('2026-11-20T10:00:01.000Z', 'x2');

    // Act
    const attempt = store.appendAll([existing, fresh]);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(HistoryWriteError);
    await expect(attempt).rejects.toThrow(
      /1 of 2 history records were not written; first: record x1: HistoryOverwriteError/,
    );
    expect((await store.query({ resourceId: existing.resourceId })).records.map((r) => r.recordId)).toEqual([
      'x1',
      'x2',
    ]);
  });

  it('keeps every record when many writers append at once', async () => {
    // Prepare
    const writers = Array.from(
      { length: 8 },
      () => new DynamoHistoryStore({ client: dynamo.client, tableName: LOCAL_HISTORY_TABLE }),
    );
    const records = Array.from({ length: 240 }, (_, i) =>
      // Same instant on purpose: only the record id keeps them apart.
      evaluation(
        '2026-11-20T10:00:00.000Z',
        `c${i}`,
        i % 3 === 0 ? SG : `sg-00000000000000${i % 3}`,
        RISKY,
        'COMPLIANT',
      ),
    );

    // Act
    await Promise.all(records.map((r, i) => writers[i % writers.length]!.append(r)));

    // Assess
    const back = await all(store, { ruleId: RISKY }, 1000);
    expect(back).toHaveLength(240);
    expect(new Set(back.map((r) => r.recordId)).size).toBe(240);
  });

  it('sets expiresAt and the ttl attribute from the configured retention', async () => {
    // Prepare
    const retaining = new DynamoHistoryStore({
      client: dynamo.client,
      tableName: LOCAL_HISTORY_TABLE,
      retentionDays: 30,
    });
    const record = errorRecord('2026-11-20T10:00:00.000Z', 'x1');

    // Act
    await retaining.append(record);

    // Assess
    const [back] = (await store.query({ resourceId: record.resourceId })).records;
    expect(back?.expiresAt).toBe('2026-12-20T10:00:00.000Z');
    const raw = await dynamo.client.send(
      new GetItemCommand({
        TableName: LOCAL_HISTORY_TABLE,
        Key: { pk: { S: `RES#${record.resourceId}` }, sk: { S: '2026-11-20T10:00:00.000Z#x1' } },
      }),
    );
    expect(raw.Item?.ttl).toEqual({ N: String(Date.parse('2026-12-20T10:00:00.000Z') / 1000) });
    expect(raw.Item?.gsi2pk).toEqual({ S: 'DAY#2026-11-20' });
    expect(raw.Item?.gsi1pk).toBeUndefined();
  });

  it('rejects a cursor it did not produce and a malformed record, naming the problem', async () => {
    // Prepare
    const bad = { ...errorRecord('2026-11-20 10:00', 'x1') };

    // Act
    const cursorAttempt = store.query({ resourceId: SG }, { cursor: 'bm90LWEtY3Vyc29y' });
    const recordAttempt = store.append(bad);

    // Assess
    await expect(cursorAttempt).rejects.toBeInstanceOf(HistoryCursorError);
    await expect(recordAttempt).rejects.toThrow('record x1: $.at: expected an ISO-8601 UTC instant');
  });
});

describe('local history in a state folder', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netwarden-history-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the history across a stop and a start', async () => {
    // Prepare
    const first = await openLocalHistory(dir);
    await first.store.appendAll([
      evaluation('2026-11-20T10:00:00.000Z', 'e1', SG, RISKY, 'NON_COMPLIANT'),
      actionRecord('2026-11-20T10:00:02.000Z', 'a1'),
    ]);
    await first.stop();

    // Act
    const second = await openLocalHistory(dir);
    try {
      await second.store.append(rollbackRecord('2026-11-21T09:00:00.000Z', 'r1', 'a1'));
      const back = await second.store.query({ resourceId: SG });

      // Assess
      expect(back.records.map((r) => r.recordId)).toEqual(['e1', 'a1', 'r1']);
      await expect(second.store.append(actionRecord('2026-11-20T10:00:02.000Z', 'a1'))).rejects.toBeInstanceOf(
        HistoryOverwriteError,
      );
    } finally {
      await second.stop();
    }
  });

  it('refuses a second opener of the same folder with a clear error, and reopens after the first stops', async () => {
    // Prepare
    const first = await openLocalHistory(dir);

    // Act
    const second = openLocalHistory(dir);

    // Assess
    await expect(second).rejects.toThrow(`history state folder ${dir} is in use by process ${process.pid}`);
    await first.stop();
    const third = await openLocalHistory(dir);
    await third.stop();
  });
});
