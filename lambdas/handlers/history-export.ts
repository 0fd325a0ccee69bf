import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import { DynamoHistoryStore } from '../aws/dynamo-history-store';
import { parseScheduleEvent } from '../events/schedule-event';
import { exportDay } from '../usecases/export-history';
import { parseOrReject } from '../usecases/parse-or-reject';
import { requireEnv } from './shared/environment';
import { exportRetentionFromEnv } from './shared/export-retention';
import { logger } from './shared/logger';

const DAY_MS = 86_400_000;

const store = new DynamoHistoryStore({
  client: new DynamoDBClient({}),
  tableName: requireEnv('NETWARDEN_HISTORY_TABLE'),
});
const s3 = new S3Client({});
const bucket = requireEnv('NETWARDEN_HISTORY_EXPORT_BUCKET');
const retention = exportRetentionFromEnv();

/**
 * The UTC day before the schedule fired: the run just after midnight exports a day that is over, and
 * a retried or late event still exports the day its schedule meant.
 */
function previousUtcDay(time: string): string {
  return new Date(Date.parse(time) - DAY_MS).toISOString().slice(0, 10);
}

/** EventBridge schedule (00:15 UTC): yesterday's history as JSON Lines into the Object Lock bucket. */
export const handler = middy(async (event: unknown) => {
  const run = parseOrReject(parseScheduleEvent, event, logger);
  const day = previousUtcDay(run.time);
  const result = await exportDay(store, s3, bucket, day, { retention });
  logger.info('Exported one day of history', { eventId: run.eventId, day, ...result });
  return { day, ...result };
}).use(injectLambdaContext(logger));
