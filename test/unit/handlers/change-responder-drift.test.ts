// The environment first: the handler reads it when it is imported.
import './handler-env';
import './handler-env-baseline';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { QueryCommand as DocumentQueryCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { IDEMPOTENCY_TABLE, lambdaContext } from './handler-env';
import 'aws-sdk-client-mock-jest';
import { captureBaseline, serializeBaseline } from '../../../lambdas/core/drift';
import { handler } from '../../../lambdas/handlers/change-responder';
import { withStagingReturnRoute } from '../../fixtures/drift/acme';
import { exampleEvent } from '../events/example-events';
import { fakeIdempotencyTable } from './dynamo-idempotency-fake';
import { exampleSnapshot, mockEc2 } from './ec2-mock';
import { BASELINE_BUCKET, BASELINE_KEY } from './handler-env-baseline';

const dynamo = mockClient(DynamoDBClient);
const documents = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);
const s3 = mockClient(S3Client);

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

describe('change responder handler with an approved baseline', () => {
  it('answers the CloudTrail DeleteRoute of an approved route with a CreateRoute of its baseline target', async () => {
    // Prepare: the account as it is now (the route is gone), and the baseline that still has it
    const current = await exampleSnapshot();
    const approved = withStagingReturnRoute(current);
    const ec2 = mockEc2(current);
    ec2.on(CreateRouteCommand).resolves({ Return: true, $metadata: { requestId: 'req-create-route-1' } });
    documents.on(PutCommand).resolves({});
    documents.on(DocumentQueryCommand).resolves({ Items: [] });
    fakeIdempotencyTable(dynamo, IDEMPOTENCY_TABLE);
    sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const baseline = captureBaseline(approved, { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'aws:eu-west-1' });
    s3.on(GetObjectCommand, { Bucket: BASELINE_BUCKET, Key: BASELINE_KEY }).resolves({
      Body: body(serializeBaseline(baseline)),
      VersionId: 'v1',
      ETag: '"e1"',
    });

    // Act
    const result = await handler(exampleEvent('cloudtrail-delete-route-shared-return-path.json'), lambdaContext);

    // Assess
    expect(ec2.commandCalls(CreateRouteCommand).map((c) => c.args[0].input)).toEqual([
      {
        RouteTableId: 'rtb-07b0dd25300b65fe9',
        DestinationCidrBlock: '10.20.0.0/16',
        VpcPeeringConnectionId: 'pcx-0a0e57681360f8256',
      },
    ]);
    expect(result).toMatchObject({
      drift: { status: 'evaluated', items: [expect.objectContaining({ outcome: 'remediate', applied: true })] },
    });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      Message: expect.stringContaining('CreateRoute rtb-07b0dd25300b65fe9 10.20.0.0/16 -> pcx-0a0e57681360f8256'),
    });
  });
});
