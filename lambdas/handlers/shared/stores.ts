import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import { DynamoHistoryStore } from '../../aws/dynamo-history-store';
import { SnsNotifier } from '../../aws/sns-notifier';
import type { RuntimeSettings } from '../../usecases/runtime-settings';
import { requireEnv } from './environment';

export function historyStore(client: DynamoDBClient, settings: RuntimeSettings): DynamoHistoryStore {
  return new DynamoHistoryStore({
    client,
    tableName: requireEnv('NETWARDEN_HISTORY_TABLE'),
    retentionDays: settings.historyRetentionDays,
  });
}

export function snsNotifier(client: SNSClient): SnsNotifier {
  return new SnsNotifier(client, requireEnv('NETWARDEN_TOPIC_ARN'));
}
