/**
 * Reads a baseline document and checks every field the drift engine relies on; an error names the
 * source, the JSON path and what was expected. Nothing is dropped: an unknown resource type or an
 * unexpected state field is an error, not something silently ignored.
 */
import { type Approval, BASELINE_FORMAT_VERSION, type Baseline } from './baseline';
import {
  COLLECTION_FIELDS,
  DRIFT_RESOURCE_TYPES,
  type DriftResourceType,
  type ResourceState,
  SCALAR_FIELDS,
  type StateItem,
  type TrackedResource,
} from './resource-state';

export class BaselineFormatError extends Error {
  override readonly name = 'BaselineFormatError';
  constructor(
    readonly source: string,
    readonly path: string,
    expected: string,
  ) {
    super(`${source}: ${path}: expected ${expected}`);
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

class Reader {
  constructor(readonly source: string) {}

  fail(path: string, expected: string): never {
    throw new BaselineFormatError(this.source, path, expected);
  }

  object(value: unknown, path: string, expected: string): Json {
    return isObject(value) ? value : this.fail(path, expected);
  }

  string(value: unknown, path: string): string {
    return typeof value === 'string' && value !== '' ? value : this.fail(path, 'a non-empty string');
  }

  strings(value: unknown, path: string): string[] {
    if (!Array.isArray(value)) return this.fail(path, 'a list of strings');
    return value.map((v, i) => this.string(v, `${path}[${i}]`));
  }

  item(value: unknown, path: string): StateItem {
    const object = this.object(value, path, 'an object of strings, numbers, booleans and objects');
    const item: StateItem = {};
    for (const [key, member] of Object.entries(object)) {
      if (typeof member === 'string' || typeof member === 'number' || typeof member === 'boolean') item[key] = member;
      else item[key] = this.item(member, keyPath(path, key));
    }
    return item;
  }
}

function parseApproval(r: Reader, value: unknown, path: string): Approval {
  const a = r.object(value, path, 'an approval {at, by, reason, resources, differences}');
  return {
    at: r.string(a.at, `${path}.at`),
    by: r.string(a.by, `${path}.by`),
    reason: r.string(a.reason, `${path}.reason`),
    resources: r.strings(a.resources, `${path}.resources`),
    differences: r.strings(a.differences ?? [], `${path}.differences`),
  };
}

function parseState(r: Reader, type: DriftResourceType, value: unknown, path: string): ResourceState {
  const object = r.object(value, path, `the state of a ${type}`);
  const scalars = SCALAR_FIELDS[type];
  const collections = COLLECTION_FIELDS[type];
  const state: ResourceState = {};
  for (const [field, member] of Object.entries(object)) {
    const fieldPath = keyPath(path, field);
    const scalar = scalars[field];
    if (scalar !== undefined) {
      if (typeof member !== scalar) r.fail(fieldPath, `a ${scalar}`);
      state[field] = member as string | boolean;
    } else if (collections.includes(field)) {
      const items = r.object(member, fieldPath, 'an object of items keyed by their identity');
      state[field] = Object.fromEntries(
        Object.entries(items).map(([key, item]) => [key, r.item(item, keyPath(fieldPath, key))]),
      );
    } else {
      r.fail(fieldPath, `one of the fields of a ${type}: ${[...Object.keys(scalars), ...collections].join(', ')}`);
    }
  }
  for (const field of collections) {
    if (state[field] === undefined) r.fail(keyPath(path, field), 'an object of items (empty when there are none)');
  }
  return state;
}

function parseResource(r: Reader, value: unknown, path: string): TrackedResource {
  const object = r.object(value, path, 'a resource {type, state}');
  const type = object.type;
  if (typeof type !== 'string' || !(DRIFT_RESOURCE_TYPES as readonly string[]).includes(type)) {
    return r.fail(`${path}.type`, `one of ${DRIFT_RESOURCE_TYPES.join(', ')}`);
  }
  const resourceType = type as DriftResourceType;
  const resource: TrackedResource = {
    type: resourceType,
    state: parseState(r, resourceType, object.state, `${path}.state`),
  };
  if (object.cloudFormationStack !== undefined) {
    resource.cloudFormationStack = r.string(object.cloudFormationStack, `${path}.cloudFormationStack`);
  }
  return resource;
}

/** Parses baseline file text; `source` (the file name or S3 URI) is named in every error. */
export function parseBaseline(text: string, source: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error: unknown) {
    throw new BaselineFormatError(source, '$', `JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const r = new Reader(source);
  const root = r.object(doc, '$', 'a baseline {formatVersion, capturedAt, origin, approvals, resources}');
  if (root.formatVersion !== BASELINE_FORMAT_VERSION) {
    r.fail(
      '$.formatVersion',
      `${BASELINE_FORMAT_VERSION} (this NetWarden reads baseline format ${BASELINE_FORMAT_VERSION})`,
    );
  }
  const approvals = Array.isArray(root.approvals) ? root.approvals : r.fail('$.approvals', 'a list of approvals');
  const resources = r.object(root.resources, '$.resources', 'an object of resources keyed by resource id');
  return {
    formatVersion: BASELINE_FORMAT_VERSION,
    capturedAt: r.string(root.capturedAt, '$.capturedAt'),
    origin: r.string(root.origin, '$.origin'),
    approvals: approvals.map((a: unknown, i: number) => parseApproval(r, a, `$.approvals[${i}]`)),
    resources: Object.fromEntries(
      Object.entries(resources).map(([id, value]) => [id, parseResource(r, value, keyPath('$.resources', id))]),
    ),
  };
}
