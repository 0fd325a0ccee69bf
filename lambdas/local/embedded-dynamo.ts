/**
 * The embedded DynamoDB-compatible server (dynalite) the CLI and the integration tests use, so the
 * history adapter that runs in AWS is the one that runs locally: same client, same requests.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoHistoryStore } from '../aws/dynamo-history-store';
import { HISTORY_TABLE_KEYS } from '../core/history/keys';

/** Where `netwarden history` and `report` keep the history unless `--state` says otherwise. */
export const DEFAULT_STATE_DIR = join(homedir(), '.netwarden', 'history');
export const LOCAL_HISTORY_TABLE = 'netwarden-history';

export class EmbeddedDynamoError extends Error {
  override readonly name = 'EmbeddedDynamoError';
}

export interface EmbeddedDynamoOptions {
  /** A folder for the data (LevelDB files); omitted = in memory, gone at stop(). */
  path?: string;
}

export interface EmbeddedDynamo {
  endpoint: string;
  client: DynamoDBClient;
  /** Where the data lives: the absolute folder, or `memory`. */
  location: string;
  stop(): Promise<void>;
}

type DynaliteFactory = (options: { path?: string; createTableMs?: number; deleteTableMs?: number }) => Server;

function loadDynalite(): DynaliteFactory {
  // dynalite is CommonJS without type declarations; its factory is the module itself.
  return require('dynalite') as DynaliteFactory;
}

/** Starts dynalite on 127.0.0.1 on a free port. */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const location = options.path === undefined ? 'memory' : resolve(options.path);
  if (options.path !== undefined) {
    try {
      await mkdir(location, { recursive: true });
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EmbeddedDynamoError(`history state folder ${location}: cannot create it (${reason})`);
    }
  }
  const releaseLock = options.path === undefined ? async () => {} : await lockStateFolder(location);
  const server = loadDynalite()({
    ...(options.path === undefined ? {} : { path: location }),
    createTableMs: 0,
    deleteTableMs: 0,
  });
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', fail);
        done();
      });
    });
  } catch (error: unknown) {
    await releaseLock();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    // dynalite checks that requests are signed, not by whom.
    credentials: { accessKeyId: 'netwarden-local', secretAccessKey: 'netwarden-local' },
  });
  let stopped = false;
  return {
    endpoint,
    client,
    location,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      client.destroy();
      try {
        await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
      } finally {
        await releaseLock();
      }
    },
  };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * LevelDB allows one opener per folder, and dynalite turns a second opener's failure into an
 * uncaught exception inside a request. A lock file of ours, checked before dynalite starts, turns
 * that into a clear error. A lock left by a process that no longer runs is taken over.
 */
async function lockStateFolder(folder: string): Promise<() => Promise<void>> {
  const lockPath = join(folder, 'netwarden.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        const reason = error instanceof Error ? error.message : String(error);
        throw new EmbeddedDynamoError(`history state folder ${folder}: cannot create ${lockPath} (${reason})`);
      }
      const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && isProcessAlive(owner)) {
        throw new EmbeddedDynamoError(
          `history state folder ${folder} is in use by process ${owner}${owner === process.pid ? ' (this one)' : ''}; wait for it to finish or use another --state`,
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new EmbeddedDynamoError(`history state folder ${folder}: could not take the lock ${lockPath}`);
}

/** Creates the history table with the same keys and indexes as the deployed one, unless it exists. */
export async function ensureHistoryTable(client: DynamoDBClient, tableName: string, location: string): Promise<void> {
  const k = HISTORY_TABLE_KEYS;
  const status = async (): Promise<string | undefined> => {
    try {
      const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
      return out.Table?.TableStatus;
    } catch (error: unknown) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
      throw describeStartFailure(error, location);
    }
  };
  if ((await status()) === undefined) {
    const index = (name: string, pk: string, sk: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: pk, KeyType: 'HASH' as const },
        { AttributeName: sk, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            k.partitionKey,
            k.sortKey,
            k.ruleIndex.partitionKey,
            k.ruleIndex.sortKey,
            k.dayIndex.partitionKey,
            k.dayIndex.sortKey,
          ].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
          KeySchema: [
            { AttributeName: k.partitionKey, KeyType: 'HASH' },
            { AttributeName: k.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            index(k.ruleIndex.name, k.ruleIndex.partitionKey, k.ruleIndex.sortKey),
            index(k.dayIndex.name, k.dayIndex.partitionKey, k.dayIndex.sortKey),
          ],
        }),
      );
    } catch (error: unknown) {
      // Another process created it between our look and our create: that is the state we wanted.
      if (!(error instanceof Error && error.name === 'ResourceInUseException'))
        throw describeStartFailure(error, location);
    }
  }
  for (let attempt = 0; attempt < 500; attempt++) {
    if ((await status()) === 'ACTIVE') return;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new EmbeddedDynamoError(`history table ${tableName} in ${location} did not become ACTIVE`);
}

function describeStartFailure(error: unknown, location: string): Error {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new EmbeddedDynamoError(
    `history state ${location}: the embedded store failed (${reason}); is another netwarden process using this folder?`,
  );
}

export interface LocalHistory {
  store: DynamoHistoryStore;
  location: string;
  stop(): Promise<void>;
}

/** The CLI's history: dynalite on `stateDir` (default ~/.netwarden/history, or `memory`) with the table ready. */
export async function openLocalHistory(stateDir: string = DEFAULT_STATE_DIR): Promise<LocalHistory> {
  const dynamo = await startEmbeddedDynamo(stateDir === 'memory' ? {} : { path: stateDir });
  try {
    await ensureHistoryTable(dynamo.client, LOCAL_HISTORY_TABLE, dynamo.location);
  } catch (error: unknown) {
    await dynamo.stop();
    throw error;
  }
  return {
    store: new DynamoHistoryStore({ client: dynamo.client, tableName: LOCAL_HISTORY_TABLE }),
    location: dynamo.location,
    stop: () => dynamo.stop(),
  };
}
