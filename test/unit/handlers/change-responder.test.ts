// The environment first: the handlers read it when they are imported.
import './handler-env';

import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueryCommand as DocumentQueryCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { IDEMPOTENCY_TABLE, lambdaContext, TOPIC_ARN } from './handler-env';
import 'aws-sdk-client-mock-jest';
import type { Snapshot } from '../../../lambdas/core/model/snapshot';
import { EventValidationError } from '../../../lambdas/events/event-error';
import { handler } from '../../../lambdas/handlers/change-responder';
import { logger } from '../../../lambdas/handlers/shared/logger';
import { exampleEvent } from '../events/example-events';
import { fakeIdempotencyTable } from './dynamo-idempotency-fake';
import { exampleSnapshot, mockEc2 } from './ec2-mock';

const dynamo = mockClient(DynamoDBClient);
const documents = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);
let ec2: AwsClientStub<EC2Client>;
let snapshot: Snapshot;

beforeAll(async () => {
  snapshot = await exampleSnapshot();
});

beforeEach(() => {
  dynamo.reset();
  documents.reset();
  documents.on(PutCommand).resolves({});
  documents.on(DocumentQueryCommand).resolves({ Items: [] });
  sns.reset();
  mockClient(EC2Client).restore();
  ec2 = mockEc2(snapshot);
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke-1' } });
  fakeIdempotencyTable(dynamo, IDEMPOTENCY_TABLE);
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

function published(): { Subject?: string; Message?: string } {
  return sns.commandCalls(PublishCommand)[0]?.args[0].input ?? {};
}

describe('change responder handler', () => {
  it('revokes only the offending source of SSH opened to the world, and says what, who, why and how to undo', async () => {
    // Prepare
    const event = exampleEvent('cloudtrail-authorize-ingress-ssh-open-by-group-name.json');

    // Act
    const result = await handler(event, lambdaContext);

    // Assess
    expect(result).toMatchObject({ status: 'evaluated', eventId: 'b28cd6d8-7190-4107-a8f8-a918b4cf44b7' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    const revoke = ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input;
    expect(revoke?.GroupId).toBe('sg-0009b4e713a5634dd');
    expect(JSON.stringify(revoke)).not.toContain('pl-0b9892bf8c9ef3146');
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC_ARN });
    const message = published();
    expect(message.Subject).toMatch(/^NetWarden \[critical\] AuthorizeSecurityGroupIngress on sg-0009b4e713a5634dd/);
    expect(message.Message).toContain('Who: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PlatformEngineer');
    expect(message.Message).toMatch(/Evidence: reachable from the internet/);
    expect(message.Message).toMatch(/Undo: aws ec2 authorize-security-group-ingress --cli-input-json/);
  });

  it('reports the VPC a deleted flow log leaves unwatched', async () => {
    // Prepare
    const event = exampleEvent('cloudtrail-delete-flow-logs-shared-services.json');

    // Act
    const result = await handler(event, lambdaContext);

    // Assess
    expect(result).toMatchObject({ status: 'evaluated', notified: true });
    expect(published().Message).toMatch(/vpc-flow-logs-missing on vpc-032a799282ffebf17/);
  });

  it('records and reports a repair EC2 refused, without failing the event', async () => {
    // Prepare
    const event = exampleEvent('cloudtrail-authorize-ingress-ssh-open-by-group-name.json');
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), {
      name: 'UnauthorizedOperation',
      Code: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403, requestId: 'req-denied-1' },
    });
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(denied);

    // Act
    const result = await handler(event, lambdaContext);

    // Assess
    expect(result).toMatchObject({
      status: 'evaluated',
      decisions: [expect.objectContaining({ outcome: 'remediate', applied: false })],
    });
    expect(published().Message).toMatch(/Done: RevokeSecurityGroupIngress .* -> failed/);
    expect(published().Message).not.toContain('Undo:');
    const actions = documents
      .commandCalls(PutCommand)
      .map((c) => c.args[0].input.Item as { kind: string; body: string })
      .filter((item) => item.kind === 'action')
      .map((item) => JSON.parse(item.body) as { status: string });
    expect(actions.map((a) => a.status)).toEqual(['simulated', 'failed']);
  });

  it('acts once when CloudTrail delivers the same call twice', async () => {
    // Prepare
    const first = exampleEvent('cloudtrail-authorize-ingress-ssh-open-by-group-name.json');
    const duplicate = exampleEvent('cloudtrail-authorize-ingress-ssh-open-duplicate-delivery.json');

    // Act
    const firstResult = await handler(first, lambdaContext);
    const secondResult = await handler(duplicate, lambdaContext);

    // Assess
    expect(secondResult).toEqual(firstResult);
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('ignores NetWarden’s own changes', async () => {
    // Prepare
    const event = exampleEvent('cloudtrail-revoke-ingress-by-netwarden.json');

    // Act
    const result = await handler(event, lambdaContext);

    // Assess
    expect(result).toMatchObject({ status: 'ignored', reason: 'NetWarden’s own change' });
    expect(ec2.calls()).toHaveLength(0);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('skips a call that failed: nothing changed', async () => {
    // Prepare
    const event = exampleEvent('cloudtrail-authorize-ingress-unauthorized.json');

    // Act
    const result = await handler(event, lambdaContext);

    // Assess
    expect(result).toMatchObject({ status: 'ignored', reason: 'the call failed (Client.UnauthorizedOperation)' });
    expect(ec2.calls()).toHaveLength(0);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('reports but never reverts a change made by a trusted principal', async () => {
    // Prepare
    const event = exampleEvent('cloudtrail-authorize-ingress-ssh-open-by-group-name.json');
    const detail = event.detail as {
      eventID: string;
      userIdentity: { sessionContext: { sessionIssuer: { arn: string } } };
    };
    detail.eventID = '0f6e2a34-5b1c-4d7e-9a8f-1b2c3d4e5f60';
    detail.userIdentity.sessionContext.sessionIssuer.arn = 'arn:aws:iam::111122223333:role/acme-terraform-deploy';

    // Act
    await handler(event, lambdaContext);

    // Assess
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(published().Message).toMatch(
      /Decision: notify \(changed by trusted principal arn:aws:iam::111122223333:role\/acme-terraform-deploy/,
    );
  });

  it.each([
    ['an unknown event name', (d: Record<string, unknown>) => (d.eventName = 'RunInstances'), /\$\.detail\.eventName/],
    [
      'a missing userIdentity',
      (d: Record<string, unknown>) => delete d.userIdentity,
      /\$\.detail\.userIdentity: expected an object/,
    ],
    [
      'a numeric eventTime',
      (d: Record<string, unknown>) => (d.eventTime = 1732229233),
      /\$\.detail\.eventTime: expected a non-empty string/,
    ],
  ])('logs %s with the event id and throws, so the event goes to the DLQ', async (_what, spoil, message) => {
    // Prepare
    const event = exampleEvent('cloudtrail-revoke-ingress.json');
    spoil(event.detail as Record<string, unknown>);
    const logged = jest.spyOn(logger, 'error');

    // Act
    const act = handler(event, lambdaContext);

    // Assess
    await expect(act).rejects.toThrow(EventValidationError);
    await expect(handler(event, lambdaContext)).rejects.toThrow(message);
    expect(logged).toHaveBeenCalledWith(
      'Rejected a malformed event',
      expect.objectContaining({ eventId: '4c62efa2-3d77-4900-abd6-b9dc3029ebe4' }),
    );
    expect(dynamo).not.toHaveReceivedCommandWith(PutItemCommand, { TableName: IDEMPOTENCY_TABLE });
    logged.mockRestore();
  });
});
