/** The pieces a path walk is made of: where a packet enters and leaves each VPC, and what blocked it. */
import type { PortSet } from '../net/port-set';
import type { ServiceSet } from '../net/service-set';
import type { Addr } from './addr';
import type { RouteEntry } from './reach-index';
import type { Direction } from './types';

/** Where a packet enters or leaves one VPC's part of the path. */
export type Station =
  /** `appliance`: the packet resumes here after an appliance forwarded it. */
  | { kind: 'subnet'; subnetId: string; componentId: string; appliance?: boolean }
  | { kind: 'igw'; id: string }
  | { kind: 'eigw'; id: string }
  | { kind: 'pcx'; id: string }
  | { kind: 'tgw'; id: string; attachmentId: string; subnetId?: string }
  | { kind: 'vpce'; id: string };

/** The path inside one VPC between two translations or gateways; the header is constant within it. */
export interface Segment {
  vpcId: string;
  entry: Station;
  exit?: Station;
  src: Addr;
  dst: Addr;
  clientPorts: PortSet;
  /** The source before a NAT rewrote it (group references match only the original). */
  originalSource?: Addr;
}

export interface BlockingFact {
  code: string;
  componentId: string;
  direction: Direction;
  /** Facts the fix planner needs (the rule to add, the table to change). */
  fix?: FixHint;
}

export type FixHint =
  | { kind: 'sg'; groupId: string; direction: 'ingress' | 'egress'; peer: Addr; services: ServiceSet }
  | {
      kind: 'acl';
      aclId: string;
      egress: boolean;
      peer: Addr;
      services: ServiceSet;
      below: number;
      usedNumbers: number[];
    }
  /** `via`: the target the route must use (the way the forward packet came), when known. */
  | { kind: 'route'; routeTableId: string; destination: Addr; vpcId: string; via?: Record<string, string> }
  | { kind: 'blackhole'; routeTableId: string; route: RouteEntry }
  | { kind: 'public-ip'; eniId: string }
  | { kind: 'source-dest-check'; eniId: string }
  | { kind: 'tgw-association'; attachmentId: string; transitGatewayId: string };

export function isAppliance(s: Station | undefined): boolean {
  return s?.kind === 'subnet' && s.appliance === true;
}

export function expectedReturnTarget(entry: Station): string {
  switch (entry.kind) {
    case 'subnet':
      return 'local';
    case 'igw':
      return 'igw';
    case 'tgw':
      return entry.id;
    default:
      return entry.id;
  }
}

export function returnRouteHint(routeTableId: string, seg: Segment, entry: Station): FixHint | undefined {
  const via: Record<string, string> | undefined =
    entry.kind === 'pcx'
      ? { VpcPeeringConnectionId: entry.id }
      : entry.kind === 'tgw'
        ? { TransitGatewayId: entry.id }
        : entry.kind === 'igw'
          ? { GatewayId: entry.id }
          : undefined;
  if (via === undefined) return undefined;
  return { kind: 'route', routeTableId, destination: seg.src, vpcId: seg.vpcId, via };
}

export function describeStation(s: Station): string {
  return s.kind === 'subnet' ? s.componentId : s.kind === 'tgw' ? `${s.id} (${s.attachmentId})` : s.id;
}
