/**
 * The differences between the approved state and the current one, one per rule, entry, route,
 * association, attachment, flow log or attribute, in a deterministic order (resource id, path).
 * A resource that appeared or disappeared as a whole is one difference at path `$`.
 */
import type { Snapshot } from '../model/snapshot';
import { sameJson } from '../remediation/json';
import type { Baseline } from './baseline';
import {
  COLLECTION_FIELDS,
  type DriftResourceType,
  normalizeResources,
  type ResourceState,
  type StateItem,
  type StateValue,
  type TrackedResource,
} from './resource-state';

export type DifferenceKind = 'added' | 'removed' | 'changed';

export interface Difference {
  resourceId: string;
  resourceType: DriftResourceType;
  kind: DifferenceKind;
  /** `$` for the whole resource, `mapPublicIpOnLaunch` for an attribute, `routes["10.20.0.0/16"]` for an item. */
  path: string;
  /** The state field the difference is in (absent for the whole resource). */
  field?: string;
  /** The item key inside a collection field. */
  key?: string;
  /** The approved value (null when added). */
  before: StateValue | StateItem | ResourceState | null;
  /** The current value (null when removed). */
  after: StateValue | StateItem | ResourceState | null;
}

export function itemPath(field: string, key: string): string {
  return `${field}[${JSON.stringify(key)}]`;
}

/** A stable identity of one difference, e.g. for history records and `--resource` selection. */
export function differenceKey(d: Difference): string {
  return `drift|${d.resourceId}|${d.path}`;
}

function isCollection(value: StateValue | undefined): value is Record<string, StateItem> {
  return typeof value === 'object';
}

/** The differences of one resource; `before`/`after` undefined mean absent. */
export function diffResource(
  resourceId: string,
  before: TrackedResource | undefined,
  after: TrackedResource | undefined,
): Difference[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined || after === undefined || before.type !== after.type) {
    const out: Difference[] = [];
    if (before !== undefined) {
      out.push({
        resourceId,
        resourceType: before.type,
        kind: 'removed',
        path: '$',
        before: before.state,
        after: null,
      });
    }
    if (after !== undefined) {
      out.push({ resourceId, resourceType: after.type, kind: 'added', path: '$', before: null, after: after.state });
    }
    return out;
  }
  const type = before.type;
  const collections = new Set(COLLECTION_FIELDS[type]);
  const fields = [...new Set([...Object.keys(before.state), ...Object.keys(after.state)])].sort();
  const out: Difference[] = [];
  for (const field of fields) {
    const was = before.state[field];
    const now = after.state[field];
    if (collections.has(field) || isCollection(was) || isCollection(now)) {
      const wasItems = isCollection(was) ? was : {};
      const nowItems = isCollection(now) ? now : {};
      const keys = [...new Set([...Object.keys(wasItems), ...Object.keys(nowItems)])].sort();
      for (const key of keys) {
        const a = wasItems[key];
        const b = nowItems[key];
        if (a !== undefined && b !== undefined && sameJson(a, b)) continue;
        const kind: DifferenceKind = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
        out.push({
          resourceId,
          resourceType: type,
          kind,
          path: itemPath(field, key),
          field,
          key,
          before: a ?? null,
          after: b ?? null,
        });
      }
      continue;
    }
    if (was === now) continue;
    const kind: DifferenceKind = was === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
    out.push({ resourceId, resourceType: type, kind, path: field, field, before: was ?? null, after: now ?? null });
  }
  return out;
}

/** Differences between two sets of tracked resources, ordered by resource id then path. */
export function diffResources(
  approved: Readonly<Record<string, TrackedResource>>,
  current: Readonly<Record<string, TrackedResource>>,
): Difference[] {
  const ids = [...new Set([...Object.keys(approved), ...Object.keys(current)])].sort();
  return ids.flatMap((id) => diffResource(id, approved[id], current[id]));
}

function isBaseline(value: Baseline | Snapshot): value is Baseline {
  return 'formatVersion' in value && 'resources' in value;
}

/**
 * Every difference between the approved state (a baseline, or the snapshot it would be captured
 * from) and the current snapshot. Pure; the cost is one normalisation of each side.
 */
export function diffSnapshots(baseline: Baseline | Snapshot, current: Snapshot): Difference[] {
  const approved = isBaseline(baseline) ? baseline.resources : normalizeResources(baseline);
  return diffResources(approved, normalizeResources(current));
}

/** One line a person reads: `rtb-1 routes["10.20.0.0/16"] removed (was DestinationCidrBlock=10.20.0.0/16 ...)`. */
export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case 'added':
      return `${d.resourceId} ${d.path} added: ${summarizeValue(d.after)}`;
    case 'removed':
      return `${d.resourceId} ${d.path} removed (was ${summarizeValue(d.before)})`;
    case 'changed':
      return `${d.resourceId} ${d.path} changed: ${changedFields(d.before, d.after)}`;
  }
}

function scalarText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** Items list their fields; a whole resource lists its attributes and how many items each collection holds. */
function summarizeValue(value: Difference['before']): string {
  if (value === null) return 'absent';
  if (typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value);
  if (entries.length === 0) return 'present';
  return entries
    .map(([k, v]) => {
      if (typeof v !== 'object') return `${k}=${String(v)}`;
      const values = Object.values(v);
      const isCollection = values.length === 0 || values.every((x) => typeof x === 'object');
      return isCollection ? `${values.length} ${k}` : `${k}=${JSON.stringify(v)}`;
    })
    .join(' ');
}

/** Only what differs: `Description: "a" -> "b"`, or the two values of an attribute. */
function changedFields(before: Difference['before'], after: Difference['after']): string {
  if (typeof before !== 'object' || typeof after !== 'object' || before === null || after === null) {
    return `${JSON.stringify(before)} -> ${JSON.stringify(after)}`;
  }
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((k) => !sameJson(was[k], now[k]));
  return fields
    .map(
      (k) =>
        `${k}: ${was[k] === undefined ? 'absent' : scalarText(was[k])} -> ${now[k] === undefined ? 'absent' : scalarText(now[k])}`,
    )
    .join(', ');
}
