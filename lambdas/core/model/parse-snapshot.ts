/**
 * Turns the JSON documents of a snapshot (files as `aws ec2 describe-*` prints them, or one merged
 * file) into a `Snapshot`. Files are recognised by their top-level keys, never by their names, except
 * for the two outputs that do not name their parent (prefix-list entries, transit gateway routes).
 * Bad input never stops the load: each problem becomes a diagnostic naming the file, the JSON path
 * and what was expected, the offending item is skipped and everything else is kept.
 */
import type { PrefixListEntry, TransitGatewayRoute } from './aws-types';
import { checkShape, childPath, conformsTo, describeValue, isObject, type JsonObject, type Shape } from './shape';
import { type Diagnostic, emptySnapshot, SNAPSHOT_LIST_KEYS, type Snapshot, type SnapshotListKey } from './snapshot';
import { LIST_SPECS, PREFIX_LIST_ENTRY, TRANSIT_GATEWAY_ROUTE } from './snapshot-shapes';

export interface SnapshotDocument {
  /** The file path: named in diagnostics, and searched for a `pl-…` / `tgw-rtb-…` parent id. */
  name: string;
  text: string;
}

export interface ParsedSnapshot {
  snapshot: Snapshot;
  diagnostics: Diagnostic[];
  /** Names of the documents that held at least one snapshot key (to tell "no snapshot here" apart). */
  recognisedDocuments: string[];
}

/** Pagination and paging-hint keys the AWS CLI prints next to the data. */
const IGNORED_KEYS = new Set(['NextToken', 'AdditionalRoutesAvailable']);

const PREFIX_LIST_IN_NAME = /(?:^|[^a-z0-9])(pl-[0-9a-f]+)(?![0-9a-z])/gi;
const TGW_ROUTE_TABLE_IN_NAME = /(?:^|[^a-z0-9])(tgw-rtb-[0-9a-f]+)(?![0-9a-z])/gi;

export function parseSnapshotDocuments(docs: readonly SnapshotDocument[]): ParsedSnapshot {
  const parser = new SnapshotParser();
  for (const doc of docs) parser.addDocument(doc);
  return parser.result();
}

/** The document, list path and index an id was first read at. */
interface FirstSeen {
  source: string;
  list: string;
  index: number;
}

class SnapshotParser {
  private readonly snapshot = emptySnapshot();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly recognised: string[] = [];
  /** Where each id was first read, per list, to report duplicates with both places. */
  private readonly firstSeen = new Map<SnapshotListKey, Map<string, FirstSeen>>();

  result(): ParsedSnapshot {
    return { snapshot: this.snapshot, diagnostics: this.diagnostics, recognisedDocuments: this.recognised };
  }

  addDocument(doc: SnapshotDocument): void {
    const root = this.parseJson(doc);
    if (root === undefined) return;
    if (!isObject(root)) {
      this.error(
        doc.name,
        '$',
        `expected a JSON object with top-level keys such as "Vpcs" or "SecurityGroups", got ${describeValue(root)}`,
      );
      return;
    }
    let recognised = false;
    for (const [key, value] of Object.entries(root)) {
      const path = childPath('$', key);
      if (isListKey(key)) {
        this.addList(key, value, doc.name, path);
      } else if (key === 'Entries') {
        this.addPrefixListEntries(root, value, doc.name);
      } else if (key === 'Routes') {
        this.addTransitGatewayRoutes(root, value, doc.name);
      } else if (key === 'PrefixListEntries') {
        this.addKeyedLists(value, doc.name, path, PREFIX_LIST_ENTRY, this.snapshot.PrefixListEntries);
      } else if (key === 'TransitGatewayRoutes') {
        this.addKeyedLists(value, doc.name, path, TRANSIT_GATEWAY_ROUTE, this.snapshot.TransitGatewayRoutes);
      } else if (key === 'PrefixListId' && 'Entries' in root) {
        continue;
      } else if (key === 'TransitGatewayRouteTableId' && 'Routes' in root) {
        continue;
      } else {
        if (!IGNORED_KEYS.has(key)) this.warning(doc.name, path, `unknown top-level key ${key} skipped`);
        continue;
      }
      recognised = true;
    }
    if (recognised) this.recognised.push(doc.name);
  }

  private parseJson(doc: SnapshotDocument): unknown {
    // PowerShell and some editors write a byte-order mark that JSON.parse rejects.
    const text = doc.text.charCodeAt(0) === 0xfeff ? doc.text.slice(1) : doc.text;
    try {
      return JSON.parse(text);
    } catch (error: unknown) {
      if (!(error instanceof SyntaxError)) throw error;
      this.error(doc.name, '$', `not valid JSON: ${error.message}${locate(text, error.message)}`);
      return undefined;
    }
  }

  private addList(key: SnapshotListKey, value: unknown, source: string, path: string): void {
    if (!Array.isArray(value)) {
      this.error(source, path, `expected an array of ${key}, got ${describeValue(value)}; ${key} in this file skipped`);
      return;
    }
    const { idField, shape } = LIST_SPECS[key];
    const target = this.snapshot[key] as unknown[];
    let seen = this.firstSeen.get(key);
    if (seen === undefined) {
      seen = new Map();
      this.firstSeen.set(key, seen);
    }
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const id = isObject(item) && typeof item[idField] === 'string' ? item[idField] : undefined;
      // Paths and messages are built only for the rare item with a problem.
      if (!conformsTo(item, shape)) {
        this.accepts(item, shape, source, childPath(path, index), `${key} item ${id ?? `#${index}`} skipped`);
        continue;
      }
      if (id !== undefined) {
        const first = seen.get(id);
        if (first !== undefined) {
          this.warning(
            source,
            childPath(path, index),
            `duplicate ${key} id ${id}: already read from ${first.source} at ${childPath(first.list, first.index)}; ` +
              'this copy skipped',
          );
          continue;
        }
        seen.set(id, { source, list: path, index });
      }
      target.push(item);
    }
  }

  /** Reports every problem of `item` against `shape`; true when there is none. */
  private accepts(item: unknown, shape: Shape, source: string, path: string, consequence: string): boolean {
    const problems = checkShape(item, shape, path);
    for (const problem of problems) this.error(source, problem.path, `${problem.message}; ${consequence}`);
    return problems.length === 0;
  }

  private addPrefixListEntries(root: JsonObject, value: unknown, source: string): void {
    const parent = this.parentId(root, 'PrefixListId', PREFIX_LIST_IN_NAME, source);
    if (parent === undefined) {
      this.error(
        source,
        '$.Entries',
        'Entries without a parent prefix list id skipped: add a top-level "PrefixListId": "pl-…" key next to ' +
          '"Entries", or name the file after the list (e.g. pl-0123456789abcdef0.json)',
      );
      return;
    }
    this.addChildList(value, source, '$.Entries', PREFIX_LIST_ENTRY, this.snapshot.PrefixListEntries, parent);
  }

  private addTransitGatewayRoutes(root: JsonObject, value: unknown, source: string): void {
    const parent = this.parentId(root, 'TransitGatewayRouteTableId', TGW_ROUTE_TABLE_IN_NAME, source);
    if (parent === undefined) {
      this.error(
        source,
        '$.Routes',
        'Routes without a parent transit gateway route table id skipped: add a top-level ' +
          '"TransitGatewayRouteTableId": "tgw-rtb-…" key next to "Routes", or name the file after the route ' +
          'table (e.g. tgw-rtb-0123456789abcdef0.json)',
      );
      return;
    }
    this.addChildList(value, source, '$.Routes', TRANSIT_GATEWAY_ROUTE, this.snapshot.TransitGatewayRoutes, parent);
  }

  /** The parent id from the added top-level key, else the last match in the file path. */
  private parentId(root: JsonObject, key: string, inName: RegExp, source: string): string | undefined {
    const explicit = root[key];
    if (typeof explicit === 'string' && explicit.trim() !== '') return explicit;
    if (explicit !== undefined) {
      this.error(source, childPath('$', key), `expected a non-empty id string, got ${describeValue(explicit)}`);
      return undefined;
    }
    const matches = [...source.matchAll(inName)];
    return matches.at(-1)?.[1];
  }

  /** The merged-file form of the keyed lists: `{ "PrefixListEntries": { "pl-1": [ ... ] } }`. */
  private addKeyedLists<T extends PrefixListEntry | TransitGatewayRoute>(
    value: unknown,
    source: string,
    path: string,
    shape: Shape,
    target: Record<string, T[]>,
  ): void {
    if (!isObject(value)) {
      this.error(source, path, `expected an object keyed by parent id, got ${describeValue(value)}; skipped`);
      return;
    }
    for (const [parent, list] of Object.entries(value)) {
      this.addChildList(list, source, childPath(path, parent), shape, target, parent);
    }
  }

  private addChildList<T extends PrefixListEntry | TransitGatewayRoute>(
    value: unknown,
    source: string,
    path: string,
    shape: Shape,
    target: Record<string, T[]>,
    parent: string,
  ): void {
    if (!Array.isArray(value)) {
      this.error(source, path, `expected an array, got ${describeValue(value)}; list of ${parent} skipped`);
      return;
    }
    // Pages of one parent arrive in separate files: they concatenate.
    const list = target[parent] ?? [];
    target[parent] = list;
    value.forEach((item: unknown, index) => {
      const itemPath = childPath(path, index);
      if (this.accepts(item, shape, source, itemPath, `entry #${index} of ${parent} skipped`)) list.push(item as T);
    });
  }

  private error(source: string, path: string, message: string): void {
    this.diagnostics.push({ level: 'error', source, path, message });
  }

  private warning(source: string, path: string, message: string): void {
    this.diagnostics.push({ level: 'warning', source, path, message });
  }
}

function isListKey(key: string): key is SnapshotListKey {
  return (SNAPSHOT_LIST_KEYS as readonly string[]).includes(key);
}

/** ` (line 3, column 5)` for a V8 JSON error that gives only a position (Node 20), or ends early; Node 22
 * already names the line and column, and some errors name neither. */
function locate(text: string, message: string): string {
  if (/line \d+ column \d+/.test(message)) return '';
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}
