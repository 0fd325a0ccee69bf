/**
 * The replay's stores on one embedded dynalite: the history table (the same DynamoHistoryStore the
 * functions use) and the idempotency table the change responder's Powertools persistence layer
 * writes, with the key and TTL attributes the stack gives it. In memory unless a state folder is given.
 */

import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoHistoryStore } from '../../aws/dynamo-history-store';
import { EmbeddedDynamoError, ensureHistoryTable, LOCAL_HISTORY_TABLE, startEmbeddedDynamo } from '../embedded-dynamo';

export const LOCAL_IDEMPOTENCY_TABLE = 'netwarden-idempotency';

export interface ReplayStores {
  history: DynamoHistoryStore;
  idempotency: DynamoDBPersistenceLayer;
  /** The absolute state folder, or `memory`. */
  location: string;
  stop(): Promise<void>;
}

async function tableStatus(client: DynamoDBClient): Promise<string | undefined> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: LOCAL_IDEMPOTENCY_TABLE }));
    return out.Table?.TableStatus;
  } catch (error: unknown) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function ensureIdempotencyTable(client: DynamoDBClient, location: string): Promise<void> {
  if ((await tableStatus(client)) === undefined) {
    await client.send(
      new CreateTableCommand({
        TableName: LOCAL_IDEMPOTENCY_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
  }
  for (let attempt = 0; attempt < 500; attempt++) {
    if ((await tableStatus(client)) === 'ACTIVE') return;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new EmbeddedDynamoError(`idempotency table ${LOCAL_IDEMPOTENCY_TABLE} in ${location} did not become ACTIVE`);
}

/** Starts dynalite (in memory when `stateDir` is undefined) with both tables ready. */
export async function openReplayStores(stateDir: string | undefined): Promise<ReplayStores> {
  const dynamo = await startEmbeddedDynamo(stateDir === undefined ? {} : { path: stateDir });
  try {
    await ensureHistoryTable(dynamo.client, LOCAL_HISTORY_TABLE, dynamo.location);
    await ensureIdempotencyTable(dynamo.client, dynamo.location);
  } catch (error: unknown) {
    await dynamo.stop();
    throw error;
  }
  return {
    history: new DynamoHistoryStore({ client: dynamo.client, tableName: LOCAL_HISTORY_TABLE }),
    idempotency: new DynamoDBPersistenceLayer({ tableName: LOCAL_IDEMPOTENCY_TABLE, awsSdkV3Client: dynamo.client }),
    location: dynamo.location,
    stop: () => dynamo.stop(),
  };
}
