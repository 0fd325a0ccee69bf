/**
 * Where the flows get the network from. A full read of an account is slow and costs many API
 * calls, so a warm function keeps the last full snapshot for a few minutes and, for a change,
 * re-describes only what the change touched and merges it in.
 */
import { SNAPSHOT_LIST_KEYS, type Snapshot, type SnapshotListKey } from '../core/model/snapshot';
import { LIST_SPECS } from '../core/model/snapshot-shapes';
import type { NetworkReader } from '../ports';

/** The id field of each list's items. */
type Item = Record<string, unknown>;

function field(item: unknown, name: string): string | undefined {
  const value = (item as Item)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Ids an item answers to besides its own: a reservation's instances, a rule's group, a flow log's resource. */
function alsoKnownAs(key: SnapshotListKey, item: unknown): string[] {
  switch (key) {
    case 'Reservations': {
      const instances = (item as Item).Instances;
      return Array.isArray(instances)
        ? instances.map((i) => field(i, 'InstanceId')).filter((x): x is string => !!x)
        : [];
    }
    case 'SecurityGroupRules':
      return [field(item, 'GroupId')].filter((x): x is string => !!x);
    default:
      return [];
  }
}

/**
 * Association ids (rtbassoc-, aclassoc-, eipassoc-) name no resource EC2 can describe: map them to
 * the route table, network ACL or network interface that holds them in the snapshot.
 */
export function resolveResourceIds(snapshot: Snapshot, ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    if (id.startsWith('rtbassoc-')) {
      const table = snapshot.RouteTables.find((t) =>
        (t.Associations ?? []).some((a) => a.RouteTableAssociationId === id),
      );
      if (table) out.add(table.RouteTableId);
    } else if (id.startsWith('aclassoc-')) {
      const acl = snapshot.NetworkAcls.find((a) =>
        (a.Associations ?? []).some((x) => x.NetworkAclAssociationId === id),
      );
      if (acl) out.add(acl.NetworkAclId);
    } else if (id.startsWith('eipassoc-')) {
      const eni = snapshot.NetworkInterfaces.find((n) => n.Association?.AssociationId === id);
      if (eni) out.add(eni.NetworkInterfaceId);
    } else {
      out.add(id);
    }
  }
  return [...out];
}

/**
 * `base` with every item named by `touched` replaced by what `fresh` holds for it: an item `fresh`
 * no longer has was deleted, so it is dropped.
 */
export function mergeResources(base: Snapshot, fresh: Snapshot, touched: readonly string[]): Snapshot {
  const merged: Snapshot = { ...base };
  const touchedSet = new Set(touched);
  for (const key of SNAPSHOT_LIST_KEYS) {
    const idField = LIST_SPECS[key].idField;
    const freshItems = fresh[key] as unknown[];
    const freshIds = new Set(freshItems.map((item) => field(item, idField)));
    const kept = (base[key] as unknown[]).filter((item) => {
      const id = field(item, idField);
      if (id !== undefined && (touchedSet.has(id) || freshIds.has(id))) return false;
      return !alsoKnownAs(key, item).some((other) => touchedSet.has(other));
    });
    (merged[key] as unknown[]) = [...kept, ...freshItems];
  }
  merged.TransitGatewayRoutes = { ...base.TransitGatewayRoutes };
  merged.PrefixListEntries = { ...base.PrefixListEntries };
  for (const id of touched) {
    delete merged.TransitGatewayRoutes[id];
    delete merged.PrefixListEntries[id];
  }
  Object.assign(merged.TransitGatewayRoutes, fresh.TransitGatewayRoutes);
  Object.assign(merged.PrefixListEntries, fresh.PrefixListEntries);
  return merged;
}

export class SnapshotSource {
  private cached?: { snapshot: Snapshot; readAt: number };

  constructor(
    private readonly reader: NetworkReader,
    private readonly maxAgeMs = 5 * 60 * 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The whole network; `fresh` forces a new read (scheduled runs and periodic rules always want one). */
  async full(fresh = false): Promise<Snapshot> {
    const cached = this.cached;
    if (!fresh && cached && this.clock() - cached.readAt <= this.maxAgeMs) return cached.snapshot;
    const read = await this.reader.read();
    this.cached = { snapshot: read.snapshot, readAt: this.clock() };
    return read.snapshot;
  }

  /** The whole network with the named resources re-described now. */
  async withFresh(resourceIds: readonly string[]): Promise<Snapshot> {
    const base = await this.full();
    const ids = resolveResourceIds(base, resourceIds);
    if (ids.length === 0) return base;
    const fresh = await this.reader.read({ resourceIds: ids });
    const merged = mergeResources(base, fresh.snapshot, ids);
    if (this.cached) this.cached = { ...this.cached, snapshot: merged };
    return merged;
  }
}
