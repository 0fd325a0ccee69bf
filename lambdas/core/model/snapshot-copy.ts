import { SNAPSHOT_LIST_KEYS, type Snapshot } from './snapshot';
import { LIST_SPECS } from './snapshot-shapes';

/**
 * A copy of `snapshot` that may be edited where `ids` points, without deep-copying the rest: every
 * list (and keyed list) is a new array, items whose own id is in `ids` are deep copies, and all
 * other items are shared with the original. On a large account a simulation touches a handful of
 * resources, and deep-copying 50 MB of JSON per simulated plan dominated its cost. The contract:
 * change lists freely (push, filter, reassign), but change an item in place only when `ids` names it.
 */
export function copySnapshotForEdit(snapshot: Snapshot, ids: ReadonlySet<string>): Snapshot {
  const copy: Snapshot = {
    ...snapshot,
    PrefixListEntries: copyKeyed(snapshot.PrefixListEntries, ids),
    TransitGatewayRoutes: copyKeyed(snapshot.TransitGatewayRoutes, ids),
  };
  const lists = copy as unknown as Record<string, unknown[]>;
  for (const key of SNAPSHOT_LIST_KEYS) {
    const idField = LIST_SPECS[key].idField;
    lists[key] = (snapshot[key] as unknown as Record<string, unknown>[]).map((item) => {
      const id = item[idField];
      return typeof id === 'string' && ids.has(id) ? structuredClone(item) : item;
    });
  }
  return copy;
}

function copyKeyed<T>(lists: Record<string, T[]>, ids: ReadonlySet<string>): Record<string, T[]> {
  const copy: Record<string, T[]> = {};
  for (const [key, list] of Object.entries(lists)) copy[key] = ids.has(key) ? structuredClone(list) : [...list];
  return copy;
}

/** Every string inside a JSON-like value: the ids an EC2 request can name, wherever they sit. */
export function stringsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}
