/**
 * The embedded account a replay acts on: the snapshot as it stands after every remediation applied
 * so far. It is both ports the responder uses on AWS: a `NetworkReader` that answers full reads and
 * the scoped re-describes a change triggers, and the `NetworkWriter` (the snapshot writer) whose
 * applied actions the next event sees.
 */
import type { Diagnostic, Snapshot, SnapshotListKey } from '../../core/model/snapshot';
import { emptySnapshot, SNAPSHOT_LIST_KEYS } from '../../core/model/snapshot';
import type { RemediationAction, TouchedKind } from '../../core/remediation/actions';
import type { ResourceState } from '../../core/remediation/before-state';
import type { ApplyOptions, ApplyReport, NetworkReader, NetworkWriter, ReadScope, SnapshotRead } from '../../ports';
import { SnapshotNetworkWriter } from '../snapshot-writer';

/** The id field of each list and the ids a scoped read of it answers, as the EC2 Describe* calls do. */
const LISTS: Record<SnapshotListKey, { idField: string; idPattern: RegExp }> = {
  Vpcs: { idField: 'VpcId', idPattern: /^vpc-/ },
  Subnets: { idField: 'SubnetId', idPattern: /^subnet-/ },
  RouteTables: { idField: 'RouteTableId', idPattern: /^rtb-/ },
  NetworkAcls: { idField: 'NetworkAclId', idPattern: /^acl-/ },
  SecurityGroups: { idField: 'GroupId', idPattern: /^sg-/ },
  // describe-security-group-rules is filtered by group id.
  SecurityGroupRules: { idField: 'GroupId', idPattern: /^sg-/ },
  NetworkInterfaces: { idField: 'NetworkInterfaceId', idPattern: /^eni-/ },
  Reservations: { idField: 'InstanceId', idPattern: /^i-/ },
  InternetGateways: { idField: 'InternetGatewayId', idPattern: /^igw-/ },
  EgressOnlyInternetGateways: { idField: 'EgressOnlyInternetGatewayId', idPattern: /^eigw-/ },
  NatGateways: { idField: 'NatGatewayId', idPattern: /^nat-/ },
  VpcPeeringConnections: { idField: 'VpcPeeringConnectionId', idPattern: /^pcx-/ },
  TransitGateways: { idField: 'TransitGatewayId', idPattern: /^tgw-(?!attach-|rtb-)/ },
  TransitGatewayAttachments: { idField: 'TransitGatewayAttachmentId', idPattern: /^tgw-attach-/ },
  TransitGatewayVpcAttachments: { idField: 'TransitGatewayAttachmentId', idPattern: /^tgw-attach-/ },
  TransitGatewayRouteTables: { idField: 'TransitGatewayRouteTableId', idPattern: /^tgw-rtb-/ },
  VpcEndpoints: { idField: 'VpcEndpointId', idPattern: /^vpce-/ },
  PrefixLists: { idField: 'PrefixListId', idPattern: /^pl-/ },
  FlowLogs: { idField: 'FlowLogId', idPattern: /^fl-/ },
};

type Item = Record<string, unknown>;

/** One call to `apply`, as the writer reported it. */
export interface AppliedBatch {
  actions: readonly RemediationAction[];
  report: ApplyReport;
}

export class EmbeddedAccount implements NetworkReader, NetworkWriter {
  private readonly writer: SnapshotNetworkWriter;
  private readonly batches: AppliedBatch[] = [];

  /** `scratchDir` receives the snapshot after each apply (the writer always writes one). */
  constructor(
    snapshot: Snapshot,
    scratchDir: string,
    readonly origin: string,
  ) {
    this.writer = new SnapshotNetworkWriter(snapshot, scratchDir);
  }

  /** The account as it stands now. */
  get snapshot(): Snapshot {
    return this.writer.snapshot;
  }

  /** Every apply since the last `takeApplied`, oldest first; the list is emptied. */
  takeApplied(): AppliedBatch[] {
    return this.batches.splice(0);
  }

  async read(scope?: ReadScope): Promise<SnapshotRead> {
    const current = this.writer.snapshot;
    if (scope?.resourceIds === undefined) return { snapshot: current, diagnostics: [], origin: this.origin };
    return { ...scopedRead(current, scope.resourceIds, this.origin), origin: this.origin };
  }

  describe(resources: readonly { resourceId: string; kind: TouchedKind }[]): Promise<ResourceState[]> {
    return this.writer.describe(resources);
  }

  async apply(actions: readonly RemediationAction[], options: ApplyOptions): Promise<ApplyReport> {
    const report = await this.writer.apply(actions, options);
    this.batches.push({ actions: [...actions], report });
    return report;
  }
}

/**
 * What the EC2 Describe* calls narrowed to `ids` return: each list only for ids of its kind, a
 * reservation with only the named instances, and a warning for an id that no longer exists.
 */
function scopedRead(current: Snapshot, ids: readonly string[], origin: string): Omit<SnapshotRead, 'origin'> {
  const snapshot = emptySnapshot();
  const found = new Set<string>();
  for (const key of SNAPSHOT_LIST_KEYS) {
    const { idField, idPattern } = LISTS[key];
    const wanted = new Set(ids.filter((id) => idPattern.test(id)));
    if (wanted.size === 0) continue;
    const items = current[key] as unknown as Item[];
    const picked =
      key === 'Reservations'
        ? items.flatMap((reservation) => narrowReservation(reservation, wanted))
        : items.filter((item) => wanted.has(String(item[idField])));
    (snapshot[key] as unknown[]) = structuredClone(picked);
    const foundIds =
      key === 'Reservations' ? picked.flatMap(instancesOf).map((i) => i.InstanceId) : picked.map((i) => i[idField]);
    for (const id of foundIds) found.add(String(id));
  }
  for (const list of snapshot.PrefixLists) {
    const entries = current.PrefixListEntries[list.PrefixListId];
    if (entries !== undefined) snapshot.PrefixListEntries[list.PrefixListId] = structuredClone(entries);
  }
  for (const table of snapshot.TransitGatewayRouteTables) {
    const routes = current.TransitGatewayRoutes[table.TransitGatewayRouteTableId];
    if (routes !== undefined) snapshot.TransitGatewayRoutes[table.TransitGatewayRouteTableId] = structuredClone(routes);
  }
  const diagnostics: Diagnostic[] = ids
    .filter((id) => !found.has(id) && SNAPSHOT_LIST_KEYS.some((key) => LISTS[key].idPattern.test(id)))
    .map((id) => ({
      level: 'warning',
      source: origin,
      path: `Describe(${id})`,
      message: `${id} no longer exists; left out of the snapshot`,
    }));
  return { snapshot, diagnostics };
}

function instancesOf(reservation: Item): Item[] {
  return Array.isArray(reservation.Instances) ? (reservation.Instances as Item[]) : [];
}

function narrowReservation(reservation: Item, wanted: ReadonlySet<string>): Item[] {
  const instances = instancesOf(reservation).filter((i) => wanted.has(String(i.InstanceId)));
  return instances.length === 0 ? [] : [{ ...reservation, Instances: instances }];
}
