import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Ec2NetworkReader } from '../aws/ec2-network-reader';
import { Ec2NetworkWriter } from '../aws/ec2-network-writer';
import { type NetworkChange, parseCloudTrailEvent } from '../events/cloudtrail-event';
import { CHANGE_IDEMPOTENCY } from '../usecases/change-idempotency';
import { createNetworkEngine } from '../usecases/network-engine';
import { parseOrReject } from '../usecases/parse-or-reject';
import { respondToNetworkChange } from '../usecases/respond-to-network-change';
import { SnapshotSource } from '../usecases/snapshot-source';
import { baselineStoreFromEnv } from './shared/baselines';
import { region, requireEnv } from './shared/environment';
import { logger } from './shared/logger';
import { intentsFromEnv, reachability } from './shared/reachability';
import { settingsFromEnv } from './shared/settings';
import { historyStore, snsNotifier } from './shared/stores';

const settings = settingsFromEnv();
const ec2 = new EC2Client({});
const dynamo = new DynamoDBClient({});
const checks = reachability(intentsFromEnv());
const deps = {
  snapshots: new SnapshotSource(new Ec2NetworkReader(ec2, { region: region() })),
  engine: createNetworkEngine({ settings, reachability: checks }),
  writer: new Ec2NetworkWriter(ec2),
  history: historyStore(dynamo, settings),
  notifier: snsNotifier(new SNSClient({})),
  settings,
  ownRoleArns: [requireEnv('NETWARDEN_OWN_ROLE_ARN')],
  log: logger,
  now: () => new Date(),
  reachability: checks,
  baselines: baselineStoreFromEnv(new S3Client({})),
};

/** CloudTrail delivers at least once: the same eventID is acted on once. */
const idempotency = new IdempotencyConfig({ ...CHANGE_IDEMPOTENCY });
const respondOnce = makeIdempotent((change: NetworkChange) => respondToNetworkChange(change, deps), {
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: requireEnv('NETWARDEN_IDEMPOTENCY_TABLE'),
    awsSdkV3Client: dynamo,
  }),
  config: idempotency,
});

/** EventBridge "AWS API Call via CloudTrail" events for network-changing EC2 calls. */
export const handler = middy(async (event: unknown, context: Context) => {
  const change = parseOrReject(parseCloudTrailEvent, event, logger);
  idempotency.registerLambdaContext(context);
  return respondOnce(change);
}).use(injectLambdaContext(logger));
