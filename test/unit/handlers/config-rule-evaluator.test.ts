// The environment first: the handlers read it when they are imported.
import './handler-env';

import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { QueryCommand as DocumentQueryCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaContext } from './handler-env';
import 'aws-sdk-client-mock-jest';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';
import { EventValidationError } from '../../../lambdas/events/event-error';
import { handler } from '../../../lambdas/handlers/config-rule-evaluator';
import { logger } from '../../../lambdas/handlers/shared/logger';
import { exampleEvent } from '../events/example-events';
import { exampleSnapshot, mockEc2 } from './ec2-mock';

const config = mockClient(ConfigServiceClient);
const dynamo = mockClient(DynamoDBClient);
const documents = mockClient(DynamoDBDocumentClient);
let snapshot: Snapshot;

interface SentEvaluation {
  ComplianceResourceType: string;
  ComplianceResourceId: string;
  ComplianceType: string;
  Annotation: string;
  OrderingTimestamp: Date;
}

function sentEvaluations(): SentEvaluation[] {
  return config
    .commandCalls(PutEvaluationsCommand)
    .flatMap((call) => (call.args[0].input.Evaluations ?? []) as SentEvaluation[]);
}

beforeAll(async () => {
  snapshot = await exampleSnapshot();
});

beforeEach(() => {
  config.reset();
  dynamo.reset();
  documents.reset();
  documents.on(PutCommand).resolves({});
  documents.on(DocumentQueryCommand).resolves({ Items: [] });
  mockClient(EC2Client).restore();
  mockEc2(snapshot);
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
});

describe('config rule evaluator handler', () => {
  it('judges a changed security group on the network model and reports it at its capture time', async () => {
    // Prepare
    const event = exampleEvent('config-change-notification-security-group.json');

    // Act
    await handler(event, lambdaContext);

    // Assess
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: event.resultToken as string });
    const [evaluation] = sentEvaluations();
    expect(evaluation).toMatchObject({
      ComplianceResourceType: 'AWS::EC2::SecurityGroup',
      ComplianceResourceId: 'sg-0009b4e713a5634dd',
      ComplianceType: 'NON_COMPLIANT',
      OrderingTimestamp: new Date('2026-11-21T22:49:02.513Z'),
    });
    expect(evaluation?.Annotation).toMatch(/sg-risky-port-open-to-internet/);
    expect(evaluation?.Annotation.length).toBeLessThanOrEqual(256);
    expect(documents).toHaveReceivedCommandWith(PutCommand, { TableName: 'NetWarden-TablesHistoryTable' });
  });

  it('fetches an oversized item from the configuration history as of its capture time', async () => {
    // Prepare
    const event = exampleEvent('config-oversized-change-notification-security-group.json');
    const change = exampleEvent('config-change-notification-security-group.json');
    const item = JSON.parse(change.invokingEvent as string).configurationItem;
    const configuration = { ...item.configuration, groupId: 'sg-0d7267251fa05346d', groupName: 'prod-app' };
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-0d7267251fa05346d',
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: new Date('2026-11-21T08:15:40.207Z'),
          awsRegion: 'eu-west-1',
          accountId: '111122223333',
          tags: {},
          relationships: [],
          configuration: JSON.stringify(configuration),
        },
      ],
    });

    // Act
    await handler(event, lambdaContext);

    // Assess
    expect(config).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, {
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-0d7267251fa05346d',
      laterTime: new Date('2026-11-21T08:15:40.207Z'),
      limit: 1,
    });
    expect(sentEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'sg-0d7267251fa05346d',
        ComplianceType: 'NON_COMPLIANT',
        OrderingTimestamp: new Date('2026-11-21T08:15:40.207Z'),
      }),
    ]);
  });

  it('reports a deleted resource NOT_APPLICABLE without reading the network', async () => {
    // Prepare
    const event = exampleEvent('config-change-notification-security-group-deleted.json');
    const ec2 = mockEc2(snapshot);

    // Act
    await handler(event, lambdaContext);

    // Assess
    expect(sentEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'sg-0f1e2d3c4b5a69788',
        ComplianceType: 'NOT_APPLICABLE',
        OrderingTimestamp: new Date('2026-11-20T17:30:11.042Z'),
      }),
    ]);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('reports NOT_APPLICABLE when the resource left the rule scope', async () => {
    // Prepare
    const event = { ...exampleEvent('config-change-notification-security-group.json'), eventLeftScope: true };

    // Act
    await handler(event, lambdaContext);

    // Assess
    expect(sentEvaluations()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'sg-0009b4e713a5634dd', ComplianceType: 'NOT_APPLICABLE' }),
    ]);
  });

  it('evaluates everything periodically, retires vanished resources, and sends at most 100 a call', async () => {
    // Prepare
    const event = exampleEvent('config-scheduled-notification.json');
    const vanished = Array.from({ length: 120 }, (_, i) => `sg-0${i.toString(16).padStart(16, '0')}`);
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: vanished.map((id) => ({
        ComplianceType: 'NON_COMPLIANT',
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: {
            ConfigRuleName: 'netwarden-periodic-sweep',
            ResourceType: 'AWS::EC2::SecurityGroup',
            ResourceId: id,
          },
        },
      })),
    });
    const inSnapshot =
      snapshot.SecurityGroups.length +
      snapshot.NetworkAcls.length +
      snapshot.RouteTables.length +
      snapshot.Subnets.length +
      snapshot.Vpcs.length;

    // Act
    await handler(event, lambdaContext);

    // Assess
    const evaluations = sentEvaluations();
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, Math.ceil((inSnapshot + 120) / 100));
    for (const call of config.commandCalls(PutEvaluationsCommand)) {
      expect(call.args[0].input.Evaluations?.length).toBeLessThanOrEqual(100);
    }
    expect(evaluations).toHaveLength(inSnapshot + 120);
    expect(evaluations.filter((e) => e.ComplianceType === 'NOT_APPLICABLE').map((e) => e.ComplianceResourceId)).toEqual(
      vanished,
    );
    expect(evaluations.some((e) => e.ComplianceType === 'NON_COMPLIANT')).toBe(true);
    for (const e of evaluations) expect(e.OrderingTimestamp).toEqual(new Date('2026-11-22T00:00:07.531Z'));
    expect(config).toHaveReceivedCommandWith(GetComplianceDetailsByConfigRuleCommand, {
      ConfigRuleName: 'netwarden-periodic-sweep',
    });
  });

  it.each([
    [
      'a missing invokingEvent',
      (e: Record<string, unknown>) => delete e.invokingEvent,
      /\$\.invokingEvent: expected a non-empty string/,
    ],
    [
      'an invokingEvent that is not JSON',
      (e: Record<string, unknown>) => (e.invokingEvent = '{not json'),
      /\$\.invokingEvent: expected a JSON string/,
    ],
    [
      'a wrong type for eventLeftScope',
      (e: Record<string, unknown>) => (e.eventLeftScope = 'no'),
      /\$\.eventLeftScope: expected true or false/,
    ],
  ])('logs %s with the event id and throws, so the event goes to the DLQ', async (_what, spoil, message) => {
    // Prepare
    const event = exampleEvent('config-change-notification-security-group.json');
    spoil(event);
    const logged = jest.spyOn(logger, 'error');

    // Act
    const act = handler(event, lambdaContext);

    // Assess
    await expect(act).rejects.toThrow(EventValidationError);
    await expect(handler(event, lambdaContext)).rejects.toThrow(message);
    expect(logged).toHaveBeenCalledWith(
      'Rejected a malformed event',
      expect.objectContaining({ eventId: expect.stringMatching(/^config:netwarden-security-groups:/) }),
    );
    expect(config).not.toHaveReceivedCommand(PutEvaluationsCommand);
    logged.mockRestore();
  });
});
