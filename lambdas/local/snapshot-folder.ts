/**
 * Snapshots on disk: a folder (any depth) of `aws ec2 describe-*` outputs, or one merged JSON file.
 * Reading is deterministic (files sorted by path) so the same folder always yields the same
 * snapshot and the same diagnostics; the parsing itself is the pure `parseSnapshotDocuments`.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseSnapshotDocuments, type SnapshotDocument } from '../core/model/parse-snapshot';
import { SNAPSHOT_LIST_KEYS, type Snapshot, type SnapshotListKey } from '../core/model/snapshot';
import type { SnapshotRead } from '../ports';

export class SnapshotReadError extends Error {
  override readonly name = 'SnapshotReadError';

  constructor(
    message: string,
    readonly snapshotPath: string,
  ) {
    super(message);
  }
}

/** The embedded example account that ships with the project. */
export const EXAMPLE_SNAPSHOT_DIR = path.resolve(__dirname, '../../examples/acme/snapshot');
/** The example account's intents: the default of every command that checks intents on the example. */
export const EXAMPLE_INTENTS_FILE = path.resolve(EXAMPLE_SNAPSHOT_DIR, '..', 'intents.yaml');
export const EXAMPLE_ORIGIN = 'example:acme';

/** The AWS CLI command whose output each list is: the file name tells a reader how to refresh it. */
const FILE_NAMES: Readonly<Record<SnapshotListKey, string>> = {
  Vpcs: 'describe-vpcs.json',
  Subnets: 'describe-subnets.json',
  RouteTables: 'describe-route-tables.json',
  NetworkAcls: 'describe-network-acls.json',
  SecurityGroups: 'describe-security-groups.json',
  SecurityGroupRules: 'describe-security-group-rules.json',
  NetworkInterfaces: 'describe-network-interfaces.json',
  Reservations: 'describe-instances.json',
  InternetGateways: 'describe-internet-gateways.json',
  EgressOnlyInternetGateways: 'describe-egress-only-internet-gateways.json',
  NatGateways: 'describe-nat-gateways.json',
  VpcPeeringConnections: 'describe-vpc-peering-connections.json',
  TransitGateways: 'describe-transit-gateways.json',
  TransitGatewayAttachments: 'describe-transit-gateway-attachments.json',
  TransitGatewayVpcAttachments: 'describe-transit-gateway-vpc-attachments.json',
  TransitGatewayRouteTables: 'describe-transit-gateway-route-tables.json',
  VpcEndpoints: 'describe-vpc-endpoints.json',
  PrefixLists: 'describe-managed-prefix-lists.json',
  FlowLogs: 'describe-flow-logs.json',
};
const PREFIX_LIST_ENTRIES_DIR = 'get-managed-prefix-list-entries';
const TGW_ROUTES_DIR = 'search-transit-gateway-routes';

/**
 * Reads a snapshot folder (every `*.json` below it, any depth) or one merged file. Throws
 * `SnapshotReadError` when the path is missing or unreadable, holds no JSON file, or none of its
 * files has a snapshot key; problems inside files are returned as diagnostics.
 */
export async function readSnapshotPath(snapshotPath: string): Promise<SnapshotRead> {
  const info = await stat(snapshotPath).catch((error: unknown) => {
    throw new SnapshotReadError(`cannot read snapshot path ${snapshotPath}: ${reason(error)}`, snapshotPath);
  });
  const files = info.isDirectory() ? await jsonFilesUnder(snapshotPath) : [snapshotPath];
  if (files.length === 0) {
    throw new SnapshotReadError(
      `no snapshot files in ${snapshotPath}: expected *.json files as printed by "aws ec2 describe-*"`,
      snapshotPath,
    );
  }
  const docs = await readDocuments(files, snapshotPath);
  const { snapshot, diagnostics, recognisedDocuments } = parseSnapshotDocuments(docs);
  if (recognisedDocuments.length === 0 && !diagnostics.some((d) => d.level === 'error')) {
    throw new SnapshotReadError(
      `no snapshot data in ${snapshotPath}: none of its ${files.length} JSON file(s) has a top-level key such as ` +
        `"Vpcs", "SecurityGroups" or "NetworkInterfaces"`,
      snapshotPath,
    );
  }
  return { snapshot, diagnostics, origin: snapshotPath };
}

/** Files read at once: enough to overlap disk waits, few enough not to hold every large file's buffer at once. */
const READ_CONCURRENCY = 4;

/**
 * The files' texts, read a few at a time. Documents and the error for an unreadable file follow the
 * order given, as a one-by-one read would, so diagnostics and errors stay deterministic.
 */
async function readDocuments(files: readonly string[], snapshotPath: string): Promise<SnapshotDocument[]> {
  const texts = new Array<string | undefined>(files.length);
  const failures = new Array<unknown>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let k = next++; k < files.length; k = next++) {
      try {
        // One decode of the whole buffer gives a flat string; reading with an encoding decodes chunk by chunk
        // into a rope that JSON.parse then has to copy flat again.
        texts[k] = (await readFile(files[k] as string)).toString('utf8');
      } catch (error: unknown) {
        failures[k] = error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return files.map((file, k) => {
    const text = texts[k];
    if (text === undefined) {
      throw new SnapshotReadError(`cannot read snapshot file ${file}: ${reason(failures[k])}`, snapshotPath);
    }
    return { name: file, text };
  });
}

/** The given snapshot path, or the embedded example account when none is given. */
export async function resolveSnapshotInput(snapshotPath?: string): Promise<SnapshotRead> {
  if (snapshotPath !== undefined) return readSnapshotPath(snapshotPath);
  const read = await readSnapshotPath(EXAMPLE_SNAPSHOT_DIR);
  return { ...read, origin: EXAMPLE_ORIGIN };
}

/**
 * Writes the snapshot as the AWS CLI would print it: one file per list, prefix-list entries and
 * transit gateway routes one file per parent (named after it, and naming it in a top-level key).
 * Existing files are overwritten, others left alone. Returns the written paths.
 */
export async function writeSnapshotFolder(snapshot: Snapshot, dir: string): Promise<string[]> {
  const files: [string, unknown][] = SNAPSHOT_LIST_KEYS.map((key) => [
    path.join(dir, FILE_NAMES[key]),
    { [key]: snapshot[key] },
  ]);
  for (const [id, entries] of Object.entries(snapshot.PrefixListEntries)) {
    files.push([
      path.join(dir, PREFIX_LIST_ENTRIES_DIR, `${safeName(id)}.json`),
      { PrefixListId: id, Entries: entries },
    ]);
  }
  for (const [id, routes] of Object.entries(snapshot.TransitGatewayRoutes)) {
    files.push([
      path.join(dir, TGW_ROUTES_DIR, `${safeName(id)}.json`),
      { TransitGatewayRouteTableId: id, Routes: routes },
    ]);
  }
  for (const [file, content] of files) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
  }
  return files.map(([file]) => file);
}

/** Every `*.json` below `dir`, sorted by path; hidden entries (`.git`, editor folders) are skipped. */
async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    throw new SnapshotReadError(`cannot list snapshot folder ${dir}: ${reason(error)}`, dir);
  });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter(
      (file) =>
        !path
          .relative(dir, file)
          .split(path.sep)
          .some((part) => part.startsWith('.')),
    )
    .sort();
}

/** Ids become file names; anything that is not a plain id character is replaced so it cannot escape `dir`. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Node's fs errors can come from another realm (test runners), so they are read by shape, not `instanceof`. */
function reason(error: unknown): string {
  const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  if (fields.code === 'ENOENT') return 'it does not exist';
  if (fields.code === 'EACCES' || fields.code === 'EPERM') return 'permission denied';
  return typeof fields.message === 'string' ? fields.message : String(error);
}
