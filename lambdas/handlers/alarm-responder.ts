import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import { Ec2NetworkReader } from '../aws/ec2-network-reader';
import { parseAlarmEvent } from '../events/alarm-event';
import { createNetworkEngine } from '../usecases/network-engine';
import { parseOrReject } from '../usecases/parse-or-reject';
import { respondToAlarm } from '../usecases/respond-to-alarm';
import { SnapshotSource } from '../usecases/snapshot-source';
import { region } from './shared/environment';
import { logger } from './shared/logger';
import { intentsFromEnv, reachability } from './shared/reachability';
import { settingsFromEnv } from './shared/settings';
import { historyStore, snsNotifier } from './shared/stores';

const settings = settingsFromEnv();
const deps = {
  snapshots: new SnapshotSource(new Ec2NetworkReader(new EC2Client({}), { region: region() })),
  engine: createNetworkEngine({ settings, reachability: reachability(intentsFromEnv()) }),
  history: historyStore(new DynamoDBClient({}), settings),
  notifier: snsNotifier(new SNSClient({})),
  log: logger,
  now: () => new Date(),
};

/** EventBridge "CloudWatch Alarm State Change" for the REJECT and intent-violation alarms. */
export const handler = middy(async (event: unknown) =>
  respondToAlarm(parseOrReject(parseAlarmEvent, event, logger), deps),
).use(injectLambdaContext(logger));
