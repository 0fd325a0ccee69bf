import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import { Ec2NetworkReader } from '../aws/ec2-network-reader';
import { parseScheduleEvent, type ScheduledRun } from '../events/schedule-event';
import { ensureBaseline } from '../usecases/drift/ensure-baseline';
import { restoreDrift } from '../usecases/drift/restore-drift';
import { createNetworkEngine } from '../usecases/network-engine';
import { parseOrReject } from '../usecases/parse-or-reject';
import type { MetricsSink } from '../usecases/run-assurance';
import { runScheduledAssurance } from '../usecases/run-scheduled-assurance';
import { SnapshotSource } from '../usecases/snapshot-source';
import { baselineStoreFromEnv } from './shared/baselines';
import { region } from './shared/environment';
import { logger } from './shared/logger';
import { intentsFromEnv, reachability } from './shared/reachability';
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
const checks = reachability(intentsFromEnv());
const deps = {
  snapshots: new SnapshotSource(new Ec2NetworkReader(new EC2Client({}), { region: region() })),
  engine: createNetworkEngine({ settings, reachability: checks }),
  history: historyStore(new DynamoDBClient({}), settings),
  notifier: snsNotifier(new SNSClient({})),
  metrics: sink,
  log: logger,
  now: () => new Date(),
};

const baselines = baselineStoreFromEnv(new S3Client({}));

/** The first run captures the baseline; later runs judge and restore drift from it. */
async function checkDrift(event: ScheduledRun) {
  if (baselines === undefined) return { status: 'disabled' as const };
  const network = deps.snapshots;
  const ensured = await ensureBaseline({ baselines, network, origin: `aws:${region()}`, now: deps.now });
  if (ensured.status === 'captured') return ensured;
  return restoreDrift(
    { source: 'schedule', id: event.eventId },
    {
      ...deps,
      baselines,
      network,
      settings,
      checkIntents: (model) => checks.verifyIntents(model),
      assessExposure: checks.assessExposure,
      ownRoleArns: [],
    },
  );
}

/** EventBridge schedule: full snapshot, intents, exposure sweep, metrics, then drift from the baseline. */
export const handler = middy(async (event: unknown) => {
  const schedule = parseOrReject(parseScheduleEvent, event, logger);
  const assurance = await runScheduledAssurance(schedule, deps);
  return { ...assurance, drift: await checkDrift(schedule) };
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
