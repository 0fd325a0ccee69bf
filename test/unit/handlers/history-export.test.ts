// The environment first: the handler reads it when it is imported.
import './handler-env';

import { PutObjectCommand, type PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { toHistoryItem } from '../../../lambdas/core/history/keys';
import type { DecisionRecord, EvaluationRecord, HistoryRecord } from '../../../lambdas/core/history/records';
import { EventValidationError } from '../../../lambdas/events/event-error';
import { EnvironmentError } from '../../../lambdas/handlers/shared/environment';
import {
  EXPORT_RETENTION_DAYS_ENV,
  EXPORT_RETENTION_MODE_ENV,
  exportRetentionFromEnv,
} from '../../../lambdas/handlers/shared/export-retention';
import { HISTORY_TABLE, lambdaContext } from './handler-env';

const ARCHIVE_BUCKET = 'netwarden-historyarchivebucket489c1afb-1x2y3z4w5v6u';
Object.assign(process.env, {
  NETWARDEN_HISTORY_EXPORT_BUCKET: ARCHIVE_BUCKET,
  [EXPORT_RETENTION_MODE_ENV]: 'COMPLIANCE',
  [EXPORT_RETENTION_DAYS_ENV]: '365',
});

type Handler = typeof import('../../../lambdas/handlers/history-export')['handler'];
let handler: Handler;

const documents = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const DAY_MS = 86_400_000;

/** What EventBridge delivers for the `cron(15 0 * * ? *)` rule. */
const scheduledEvent = {
  version: '0',
  id: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '111122223333',
  time: '2026-11-22T00:15:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:111122223333:rule/NetWarden-HistoryExportSchedule'],
  detail: {},
};

const evaluation: EvaluationRecord = {
  kind: 'evaluation',
  recordId: '01JDAY21EVAL0000000000001',
  at: '2026-11-21T06:00:03.120Z',
  resourceId: 'sg-0a1b2c3d4e5f60718',
  ruleId: 'sg-risky-port-open-to-internet',
  correlationId: 'schedule-53dc4d37',
  trigger: { source: 'schedule', eventId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa' },
  compliance: 'NON_COMPLIANT',
  findingCount: 1,
};
const decision: DecisionRecord = {
  kind: 'decision',
  recordId: '01JDAY21DECI0000000000002',
  at: '2026-11-21T06:00:03.450Z',
  resourceId: 'sg-0a1b2c3d4e5f60718',
  ruleId: 'sg-risky-port-open-to-internet',
  correlationId: 'schedule-53dc4d37',
  findingKey: 'sg-risky-port-open-to-internet|sg-0a1b2c3d4e5f60718|tcp:6379|0.0.0.0/0',
  mode: 'notify',
  outcome: 'notify',
  reason: 'mode notify: the security team is told, nothing is changed',
};
const lateEvaluation: EvaluationRecord = {
  ...evaluation,
  recordId: '01JDAY21EVAL0000000000003',
  at: '2026-11-21T23:59:59.999Z',
  compliance: 'COMPLIANT',
  findingCount: 0,
};

function uploaded(): PutObjectCommandInput {
  const calls = s3.commandCalls(PutObjectCommand);
  expect(calls).toHaveLength(1);
  return calls[0]?.args[0].input as PutObjectCommandInput;
}

function linesOf(body: PutObjectCommandInput['Body']): HistoryRecord[] {
  const text = Buffer.from(body as Uint8Array).toString('utf8');
  return text === ''
    ? []
    : text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as HistoryRecord);
}

beforeAll(async () => {
  ({ handler } = await import('../../../lambdas/handlers/history-export'));
});

beforeEach(() => {
  documents.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({
    VersionId: 'Jt9x3xW8f0mQ0Xl8nW.2zJpQ7cKk1Yv_',
    ETag: '"9b2cf535f27731c974343645a3985328"',
  });
});

describe('history export handler', () => {
  it("writes yesterday's records, oldest first, as JSON Lines under Object Lock", async () => {
    // Prepare
    documents
      .on(QueryCommand)
      .resolvesOnce({
        Items: [toHistoryItem(evaluation), toHistoryItem(decision)],
        LastEvaluatedKey: { pk: 'RES#sg-0a1b2c3d4e5f60718', sk: `${decision.at}#${decision.recordId}` },
      })
      .resolvesOnce({ Items: [toHistoryItem(lateEvaluation)] });
    const before = Date.now();

    // Act
    const result = await handler(scheduledEvent, lambdaContext);

    // Assess
    expect(documents).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(documents).toHaveReceivedNthSpecificCommandWith(1, QueryCommand, {
      TableName: HISTORY_TABLE,
      IndexName: 'gsi2',
      ExpressionAttributeValues: expect.objectContaining({ ':pk': 'DAY#2026-11-21' }),
      ScanIndexForward: true,
    });
    expect(documents).toHaveReceivedNthSpecificCommandWith(2, QueryCommand, {
      ExclusiveStartKey: { pk: 'RES#sg-0a1b2c3d4e5f60718', sk: `${decision.at}#${decision.recordId}` },
    });
    const put = uploaded();
    expect(put).toMatchObject({
      Bucket: ARCHIVE_BUCKET,
      Key: 'history/2026/11/21/netwarden-history-2026-11-21.jsonl',
      ContentType: 'application/x-ndjson',
      ObjectLockMode: 'COMPLIANCE',
      ChecksumAlgorithm: 'SHA256',
    });
    expect(linesOf(put.Body)).toEqual([evaluation, decision, lateEvaluation]);
    const retainUntil = (put.ObjectLockRetainUntilDate as Date).getTime();
    expect(retainUntil).toBeGreaterThanOrEqual(before + 365 * DAY_MS);
    expect(retainUntil).toBeLessThanOrEqual(Date.now() + 365 * DAY_MS);
    expect(result).toMatchObject({
      day: '2026-11-21',
      bucket: ARCHIVE_BUCKET,
      records: 3,
      versionId: 'Jt9x3xW8f0mQ0Xl8nW.2zJpQ7cKk1Yv_',
    });
  });

  it('still writes an empty object for a day without records, as proof the export ran', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    const result = await handler({ ...scheduledEvent, time: '2027-01-01T00:15:00Z' }, lambdaContext);

    // Assess
    const put = uploaded();
    expect(put.Key).toBe('history/2026/12/31/netwarden-history-2026-12-31.jsonl');
    expect(linesOf(put.Body)).toEqual([]);
    expect(result).toMatchObject({ day: '2026-12-31', records: 0, bytes: 0 });
  });

  it('fails on a malformed event without reading or writing anything', async () => {
    // Act
    const act = handler({ ...scheduledEvent, 'detail-type': 'Object Created' }, lambdaContext);

    // Assess
    await expect(act).rejects.toThrow(EventValidationError);
    expect(documents).not.toHaveReceivedCommand(QueryCommand);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('fails when S3 refuses the upload, so the event is retried and kept in the DLQ', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [toHistoryItem(evaluation)] });
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    // Act
    const act = handler(scheduledEvent, lambdaContext);

    // Assess
    await expect(act).rejects.toThrow('Access Denied');
  });
});

describe('exportRetentionFromEnv', () => {
  afterEach(() => {
    process.env[EXPORT_RETENTION_MODE_ENV] = 'COMPLIANCE';
    process.env[EXPORT_RETENTION_DAYS_ENV] = '365';
  });

  it('reads the mode and days the stack set', () => {
    // Prepare
    process.env[EXPORT_RETENTION_MODE_ENV] = 'GOVERNANCE';
    process.env[EXPORT_RETENTION_DAYS_ENV] = '30';

    // Act
    const retention = exportRetentionFromEnv();

    // Assess
    expect(retention).toEqual({ mode: 'GOVERNANCE', days: 30 });
  });

  it.each([
    [EXPORT_RETENTION_MODE_ENV, 'compliance', /expected COMPLIANCE or GOVERNANCE, got "compliance"/],
    [EXPORT_RETENTION_DAYS_ENV, '0', /expected a whole number of days >= 1, got "0"/],
    [EXPORT_RETENTION_DAYS_ENV, '1.5', /expected a whole number of days >= 1, got "1\.5"/],
    [EXPORT_RETENTION_DAYS_ENV, '', /is not set/],
  ])('rejects %s=%j, naming the variable', (name, value, message) => {
    // Prepare
    process.env[name] = value;

    // Act
    const act = () => exportRetentionFromEnv();

    // Assess
    expect(act).toThrow(EnvironmentError);
    expect(act).toThrow(new RegExp(name));
    expect(act).toThrow(message);
  });
});
