import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { type LocalHistory, openLocalHistory } from '../../../lambdas/local/embedded-dynamo';
import { exportDay } from '../../../lambdas/usecases/export-history';
import { actionRecord, decisionRecord, errorRecord, evaluation, findingRecord } from './record-fixtures';

const s3 = mockClient(S3Client);

describe('exportDay', () => {
  let history: LocalHistory;

  beforeEach(async () => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({
      VersionId: '3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY',
      ETag: '"6805f2cfc46c0f04559748bb039d69ae"',
    });
    history = await openLocalHistory('memory');
  });

  afterEach(async () => {
    await history.stop();
  });

  it('writes one UTC day of history as JSON Lines, oldest first, with its checksum', async () => {
    // Prepare
    const day = [
      evaluation(
        '2026-11-20T00:00:00.000Z',
        'e1',
        'sg-0a1b2c3d4e5f60718',
        'sg-risky-port-open-to-internet',
        'NON_COMPLIANT',
      ),
      findingRecord('2026-11-20T00:00:00.001Z', 'f1'),
      decisionRecord('2026-11-20T12:30:00.000Z', 'd1'),
      actionRecord('2026-11-20T23:59:59.999Z', 'a1'),
    ];
    await history.store.appendAll([
      ...day,
      errorRecord('2026-11-19T23:59:59.999Z', 'before'),
      errorRecord('2026-11-21T00:00:00.000Z', 'after'),
    ]);
    const client = new S3Client({ region: 'eu-west-1' });

    // Act
    const result = await exportDay(history.store, client, 'acme-netwarden-audit', '2026-11-20');

    // Assess
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    const body = (input.Body as Buffer).toString('utf8');
    expect(body.endsWith('\n')).toBe(true);
    expect(
      body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(day);
    expect(input).toMatchObject({
      Bucket: 'acme-netwarden-audit',
      Key: 'history/2026/11/20/netwarden-history-2026-11-20.jsonl',
      ContentType: 'application/x-ndjson',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
    });
    expect(input.ObjectLockMode).toBeUndefined();
    expect(input.ObjectLockRetainUntilDate).toBeUndefined();
    expect(result).toEqual({
      bucket: 'acme-netwarden-audit',
      key: 'history/2026/11/20/netwarden-history-2026-11-20.jsonl',
      records: 4,
      bytes: Buffer.byteLength(body),
      versionId: '3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY',
    });
  });

  it('locks the object for the retention given, counted from now', async () => {
    // Prepare
    await history.store.append(errorRecord('2026-11-20T08:00:00.000Z', 'x1'));
    const client = new S3Client({ region: 'eu-west-1' });

    // Act
    await exportDay(history.store, client, 'acme-netwarden-audit', '2026-11-20', {
      prefix: 'audit/',
      retention: { mode: 'COMPLIANCE', days: 2557 },
      now: new Date('2026-11-21T01:00:00.000Z'),
    });

    // Assess
    const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(input.Key).toBe('audit/2026/11/20/netwarden-history-2026-11-20.jsonl');
    expect(input.ObjectLockMode).toBe('COMPLIANCE');
    expect(input.ObjectLockRetainUntilDate).toEqual(new Date('2033-11-21T01:00:00.000Z'));
  });

  it('writes an empty object for a day without records, and refuses a bad day or retention', async () => {
    // Prepare
    const client = new S3Client({ region: 'eu-west-1' });

    // Act
    const empty = await exportDay(history.store, client, 'acme-netwarden-audit', '2026-02-28');
    const badDay = exportDay(history.store, client, 'acme-netwarden-audit', '2026-02-30');
    const badRetention = exportDay(history.store, client, 'acme-netwarden-audit', '2026-02-28', {
      retention: { mode: 'GOVERNANCE', days: 0 },
    });

    // Assess
    expect(empty.records).toBe(0);
    expect((s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body as Buffer).length).toBe(0);
    await expect(badDay).rejects.toThrow('day: 2026-02-30 is not a calendar day');
    await expect(badRetention).rejects.toThrow('retention.days: expected a whole number of days of at least 1, got 0');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });
});
