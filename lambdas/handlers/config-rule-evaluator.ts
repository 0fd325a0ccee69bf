import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import middy from '@middy/core';
import { AwsConfigRuleGateway } from '../aws/config-evaluations';
import { Ec2NetworkReader } from '../aws/ec2-network-reader';
import { parseConfigRuleEvent } from '../events/config-rule-event';
import { evaluateConfigRule } from '../usecases/evaluate-config-rule';
import { createNetworkEngine } from '../usecases/network-engine';
import { parseOrReject } from '../usecases/parse-or-reject';
import { SnapshotSource } from '../usecases/snapshot-source';
import { region } from './shared/environment';
import { logger } from './shared/logger';
import { reachability } from './shared/reachability';
import { settingsFromEnv } from './shared/settings';
import { historyStore } from './shared/stores';

const settings = settingsFromEnv();
const deps = {
  gateway: new AwsConfigRuleGateway(new ConfigServiceClient({})),
  snapshots: new SnapshotSource(new Ec2NetworkReader(new EC2Client({}), { region: region() })),
  engine: createNetworkEngine({ settings, reachability: reachability({ version: 1, intents: [] }) }),
  history: historyStore(new DynamoDBClient({}), settings),
  log: logger,
  now: () => new Date(),
};

/** AWS Config custom rule: change-triggered (normal and oversized) and periodic evaluations. */
export const handler = middy(async (event: unknown) =>
  evaluateConfigRule(parseOrReject(parseConfigRuleEvent, event, logger), deps),
).use(injectLambdaContext(logger));
