import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import { Ec2NetworkReader } from '../aws/ec2-network-reader';
import { parseScheduleEvent } from '../events/schedule-event';
import { createNetworkEngine } from '../usecases/network-engine';
import type { MetricsSink } from '../usecases/run-assurance';
import { runScheduledAssurance } from '../usecases/run-scheduled-assurance';
import { SnapshotSource } from '../usecases/snapshot-source';
import { region } from './shared/environment';
import { logger } from './shared/logger';
import { intentsFromEnv, reachability } from './shared/reachability';
import { parseOrReject } from './shared/reject-malformed';
import { settingsFromEnv } from './shared/settings';
import { historyStore, snsNotifier } from './shared/stores';

const metrics = new Metrics();
/** Dimensioned counts go out as single metrics so one severity's dimension never tags the others. */
const sink: MetricsSink = {
  count(name, value, dimensions) {
    if (dimensions === undefined) {
      metrics.addMetric(name, MetricUnit.Count, value);
      return;
    }
    const single = metrics.singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
    single.addMetric(name, MetricUnit.Count, value);
  },
};

const settings = settingsFromEnv();
const deps = {
  snapshots: new SnapshotSource(new Ec2NetworkReader(new EC2Client({}), { region: region() })),
  engine: createNetworkEngine({ settings, reachability: reachability(intentsFromEnv()) }),
  history: historyStore(new DynamoDBClient({}), settings),
  notifier: snsNotifier(new SNSClient({})),
  metrics: sink,
  log: logger,
  now: () => new Date(),
};

/** EventBridge schedule: full snapshot, intents, exposure sweep, metrics. */
export const handler = middy(async (event: unknown) =>
  runScheduledAssurance(parseOrReject(parseScheduleEvent, event, logger), deps),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
