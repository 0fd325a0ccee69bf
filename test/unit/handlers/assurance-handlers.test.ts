// The environment first: the handlers read it when they are imported.
import './handler-env';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaContext } from './handler-env';
import 'aws-sdk-client-mock-jest';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';
import { EventValidationError } from '../../../lambdas/events/event-error';
import { handler as alarmHandler } from '../../../lambdas/handlers/alarm-responder';
import { handler as scheduleHandler } from '../../../lambdas/handlers/scheduled-assurance';
import { logger } from '../../../lambdas/handlers/shared/logger';
import { exampleEvent } from '../events/example-events';
import { exampleSnapshot, mockEc2 } from './ec2-mock';

const documents = mockClient(DynamoDBDocumentClient);
const dynamo = mockClient(DynamoDBClient);
const sns = mockClient(SNSClient);
let snapshot: Snapshot;

const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '111122223333',
  time: '2026-11-22T06:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:111122223333:rule/NetWarden-AssuranceSchedule'],
  detail: {},
};

beforeAll(async () => {
  snapshot = await exampleSnapshot();
});

beforeEach(() => {
  documents.reset();
  dynamo.reset();
  sns.reset();
  mockClient(EC2Client).restore();
  mockEc2(snapshot);
  documents.on(PutCommand).resolves({});
  documents.on(QueryCommand).resolves({ Items: [] });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

/** The EMF documents Powertools printed: what CloudWatch turns into metrics. */
function emittedMetrics(lines: string[]): Record<string, unknown>[] {
  return lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('scheduled assurance handler', () => {
  it('verifies the intents, sweeps exposure, records the scan and publishes the metrics the alarms watch', async () => {
    // Prepare
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });

    // Act
    const report = await scheduleHandler(scheduledEvent, lambdaContext);
    write.mockRestore();

    // Assess
    expect(report.intents.length).toBeGreaterThan(0);
    expect(report.exposed.map((e) => e.interfaceId)).toContain('eni-045fae9355eecbdc4');
    expect(report.findingsBySeverity.critical).toBeGreaterThan(0);
    expect(documents).toHaveReceivedCommandWith(PutCommand, { TableName: 'NetWarden-TablesHistoryTable' });
    const metrics = emittedMetrics(lines);
    const violations = report.intents.filter((i) => !i.holds).length;
    expect(metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          IntentViolations: violations,
          ExposedInterfaces: report.exposed.length,
          service: 'netwarden',
        }),
        expect.objectContaining({ OpenFindings: report.findingsBySeverity.critical, severity: 'critical' }),
      ]),
    );
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('rejects an event that is not a schedule, naming its id', async () => {
    // Prepare
    const logged = jest.spyOn(logger, 'error');

    // Act
    const act = scheduleHandler({ ...scheduledEvent, 'detail-type': 'Object Created' }, lambdaContext);

    // Assess
    await expect(act).rejects.toThrow(EventValidationError);
    expect(logged).toHaveBeenCalledWith(
      'Rejected a malformed event',
      expect.objectContaining({ eventId: scheduledEvent.id }),
    );
    logged.mockRestore();
  });
});

describe('alarm responder handler', () => {
  it('runs the assurance check and answers the alarm with evidence', async () => {
    // Prepare
    const event = exampleEvent('cloudwatch-alarm-state-change-security-group-changes.json');

    // Act
    const outcome = await alarmHandler(event, lambdaContext);

    // Assess
    expect(outcome.status).toBe('checked');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const message = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(message?.Subject).toMatch(/^NetWarden assurance: \d+ intent violation\(s\), \d+ exposed interface\(s\)$/);
    expect(message?.Message).toContain('Why: alarm acme-security-group-changes entered ALARM');
    expect(message?.Message).toMatch(/eni-045fae9355eecbdc4 on tcp:22/);
    expect(message?.MessageAttributes?.kind?.StringValue).toBe('alarm');
  });

  it('does nothing when the alarm returns to OK', async () => {
    // Prepare
    const event = exampleEvent('cloudwatch-alarm-state-change-security-group-changes.json');
    ((event.detail as Record<string, unknown>).state as Record<string, unknown>).value = 'OK';

    // Act
    const outcome = await alarmHandler(event, lambdaContext);

    // Assess
    expect(outcome).toMatchObject({ status: 'ignored', reason: 'state OK' });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('logs a malformed alarm event with its id and throws', async () => {
    // Prepare
    const event = exampleEvent('cloudwatch-alarm-state-change-security-group-changes.json');
    delete (event.detail as Record<string, unknown>).alarmName;
    const logged = jest.spyOn(logger, 'error');

    // Act
    const act = alarmHandler(event, lambdaContext);

    // Assess
    await expect(act).rejects.toThrow(/\$\.detail\.alarmName: expected a non-empty string/);
    expect(logged).toHaveBeenCalledWith('Rejected a malformed event', expect.objectContaining({ eventId: event.id }));
    logged.mockRestore();
  });
});
