/**
 * What every path query needs from a model, compiled once and cached per model: security groups as
 * (services, addresses) rules, network ACLs as ordered rule lists, route tables as prefix entries
 * with their AWS priority. Compiled lazily so a sweep touches only what it visits.
 */
import type {
  IpPermission,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  Route,
  RouteTable,
  TransitGatewayRoute,
} from '../model/aws-types';
import type { NetworkModel } from '../model/network-model';
import { AddressSet } from '../net/address-set';
import { ServiceSet } from '../net/service-set';
import { type Addr, inSet } from './addr';

export type SgRuleSource =
  | { kind: 'cidr'; cidr: string }
  | { kind: 'prefix-list'; prefixListId: string }
  | { kind: 'group'; groupId: string; vpcPeeringConnectionId?: string };

export interface SgRule {
  groupId: string;
  direction: 'ingress' | 'egress';
  permissionIndex: number;
  permission: IpPermission;
  services: ServiceSet;
  source: SgRuleSource;
  /** The addresses the source is known to cover. */
  addresses: AddressSet;
  /** The source may cover more than `addresses`: a group or prefix list absent from the snapshot. */
  unknown: boolean;
}

export interface CompiledGroup {
  groupId: string;
  known: boolean;
  ingress: SgRule[];
  egress: SgRule[];
}

export interface AclRule {
  ruleNumber: number;
  allow: boolean;
  services: ServiceSet;
  addresses: AddressSet;
  entry: NetworkAclEntry;
}

export interface CompiledAcl {
  acl: NetworkAcl;
  inbound: AclRule[];
  outbound: AclRule[];
}

export type RouteTarget =
  | { kind: 'local' }
  | { kind: 'igw'; id: string }
  | { kind: 'eigw'; id: string }
  | { kind: 'nat'; id: string }
  | { kind: 'pcx'; id: string }
  | { kind: 'tgw'; id: string }
  | { kind: 'eni'; id: string }
  | { kind: 'instance'; id: string }
  | { kind: 'vpce'; id: string }
  | { kind: 'unsupported'; id: string };

/** AWS route priority on the same prefix: lower wins. */
export const ROUTE_PRIORITY = { static: 0, prefixList: 1, propagated: 2 } as const;

export interface RouteEntry {
  route: Route;
  /** The CIDR this entry matches (a prefix-list route yields one entry per list CIDR). */
  cidr: string;
  addresses: AddressSet;
  prefixLength: number;
  priority: number;
  target: RouteTarget;
  blackhole: boolean;
}

export interface CompiledRouteTable {
  table: RouteTable;
  entries: RouteEntry[];
  /** Prefix-list routes whose list is absent from the snapshot. */
  unknownPrefixLists: Route[];
}

export interface TgwRouteEntry {
  route: TransitGatewayRoute;
  cidr: string;
  addresses: AddressSet;
  prefixLength: number;
  priority: number;
  blackhole: boolean;
  attachmentId?: string;
}

export interface CompiledEni {
  eni: NetworkInterface;
  id: string;
  subnetId: string;
  vpcId: string;
  groups: CompiledGroup[];
  privateAddresses: AddressSet;
  privateIpv4: string[];
  publicIpv4: string[];
  ipv6: string[];
  sourceDestCheck: boolean;
}

function prefixLength(cidr: string): number {
  const slash = cidr.indexOf('/');
  if (slash >= 0) return Number(cidr.slice(slash + 1));
  return cidr.includes(':') ? 128 : 32;
}

function routeTarget(route: Route): RouteTarget {
  const gw = route.GatewayId;
  if (gw === 'local') return { kind: 'local' };
  if (gw?.startsWith('igw-')) return { kind: 'igw', id: gw };
  if (gw?.startsWith('vpce-')) return { kind: 'vpce', id: gw };
  if (route.EgressOnlyInternetGatewayId !== undefined) return { kind: 'eigw', id: route.EgressOnlyInternetGatewayId };
  if (route.NatGatewayId !== undefined) return { kind: 'nat', id: route.NatGatewayId };
  if (route.VpcPeeringConnectionId !== undefined) return { kind: 'pcx', id: route.VpcPeeringConnectionId };
  if (route.TransitGatewayId !== undefined) return { kind: 'tgw', id: route.TransitGatewayId };
  if (route.InstanceId !== undefined) return { kind: 'instance', id: route.InstanceId };
  if (route.NetworkInterfaceId !== undefined) return { kind: 'eni', id: route.NetworkInterfaceId };
  const other = gw ?? route.LocalGatewayId ?? route.CarrierGatewayId ?? route.CoreNetworkArn ?? 'unknown-target';
  return { kind: 'unsupported', id: other };
}

function routePriority(route: Route): number {
  if (route.Origin === 'EnableVgwRoutePropagation') return ROUTE_PRIORITY.propagated;
  if (route.DestinationPrefixListId !== undefined) return ROUTE_PRIORITY.prefixList;
  return ROUTE_PRIORITY.static;
}

/** Longest prefix first, then AWS priority; the order every lookup and sweep relies on. */
export function compareRoutes(a: { prefixLength: number; priority: number }, b: typeof a): number {
  return b.prefixLength - a.prefixLength || a.priority - b.priority;
}

export class ReachIndex {
  private readonly groups = new Map<string, CompiledGroup>();
  private readonly enis = new Map<string, CompiledEni | undefined>();
  private readonly acls = new Map<string, CompiledAcl>();
  private readonly tables = new Map<string, CompiledRouteTable>();
  private readonly tgwTables = new Map<string, TgwRouteEntry[] | undefined>();
  private readonly derived = new Map<string, unknown>();

  constructor(readonly model: NetworkModel) {}

  /** A value computed once per model (route sweeps, witness sets). */
  memo<T>(key: string, make: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = make();
    this.derived.set(key, value);
    return value;
  }

  group(groupId: string): CompiledGroup {
    let g = this.groups.get(groupId);
    if (g === undefined) {
      g = this.compileGroup(groupId);
      this.groups.set(groupId, g);
    }
    return g;
  }

  private compileGroup(groupId: string): CompiledGroup {
    const sg = this.model.securityGroup(groupId);
    if (sg === undefined) return { groupId, known: false, ingress: [], egress: [] };
    const compile = (perms: IpPermission[] | undefined, direction: 'ingress' | 'egress'): SgRule[] =>
      (perms ?? []).flatMap((permission, permissionIndex) => {
        const services = ServiceSet.fromSecurityGroupPermission(
          permission.IpProtocol,
          permission.FromPort,
          permission.ToPort,
        );
        const base = { groupId, direction, permissionIndex, permission, services };
        const rules: SgRule[] = [];
        for (const r of permission.IpRanges ?? []) {
          rules.push({
            ...base,
            source: { kind: 'cidr', cidr: r.CidrIp },
            addresses: AddressSet.fromCidr(r.CidrIp),
            unknown: false,
          });
        }
        for (const r of permission.Ipv6Ranges ?? []) {
          rules.push({
            ...base,
            source: { kind: 'cidr', cidr: r.CidrIpv6 },
            addresses: AddressSet.fromCidr(r.CidrIpv6),
            unknown: false,
          });
        }
        for (const r of permission.PrefixListIds ?? []) {
          const addresses = this.model.prefixListAddresses(r.PrefixListId);
          rules.push({
            ...base,
            source: { kind: 'prefix-list', prefixListId: r.PrefixListId },
            addresses: addresses ?? AddressSet.empty(),
            unknown: addresses === undefined,
          });
        }
        for (const r of permission.UserIdGroupPairs ?? []) {
          if (r.GroupId === undefined) continue;
          const source: SgRuleSource = { kind: 'group', groupId: r.GroupId };
          if (r.VpcPeeringConnectionId !== undefined) source.vpcPeeringConnectionId = r.VpcPeeringConnectionId;
          rules.push({
            ...base,
            source,
            addresses: this.model.groupAddresses(r.GroupId),
            unknown: this.model.securityGroup(r.GroupId) === undefined,
          });
        }
        return rules;
      });
    return {
      groupId,
      known: true,
      ingress: compile(sg.IpPermissions, 'ingress'),
      egress: compile(sg.IpPermissionsEgress, 'egress'),
    };
  }

  eni(eniId: string): CompiledEni | undefined {
    if (this.enis.has(eniId)) return this.enis.get(eniId);
    const eni = this.model.networkInterface(eniId);
    const compiled = eni === undefined ? undefined : this.compileEni(eni);
    this.enis.set(eniId, compiled);
    return compiled;
  }

  private compileEni(eni: NetworkInterface): CompiledEni {
    const addrs = this.model.interfaceAddresses(eni.NetworkInterfaceId);
    return {
      eni,
      id: eni.NetworkInterfaceId,
      subnetId: eni.SubnetId,
      vpcId: eni.VpcId,
      groups: (eni.Groups ?? []).map((g) => this.group(g.GroupId)),
      privateAddresses: this.model.interfacePrivateAddresses(eni.NetworkInterfaceId),
      privateIpv4: addrs.privateIpv4,
      publicIpv4: addrs.publicIpv4,
      ipv6: addrs.ipv6,
      sourceDestCheck: eni.SourceDestCheck !== false,
    };
  }

  aclForSubnet(subnetId: string): CompiledAcl | undefined {
    const acl = this.model.networkAclForSubnet(subnetId);
    if (acl === undefined) return undefined;
    let c = this.acls.get(acl.NetworkAclId);
    if (c === undefined) {
      const rules = (egress: boolean): AclRule[] =>
        (acl.Entries ?? [])
          .filter((e) => e.Egress === egress && e.RuleNumber < 32767)
          .sort((a, b) => a.RuleNumber - b.RuleNumber)
          .map((entry) => ({
            ruleNumber: entry.RuleNumber,
            allow: entry.RuleAction === 'allow',
            services: ServiceSet.fromAclEntry(entry.Protocol, entry.PortRange, entry.IcmpTypeCode),
            addresses: aclEntryAddresses(entry),
            entry,
          }));
      c = { acl, inbound: rules(false), outbound: rules(true) };
      this.acls.set(acl.NetworkAclId, c);
    }
    return c;
  }

  routeTableForSubnet(subnetId: string): CompiledRouteTable | undefined {
    const table = this.model.routeTableForSubnet(subnetId);
    return table === undefined ? undefined : this.routeTable(table);
  }

  routeTable(table: RouteTable): CompiledRouteTable {
    let c = this.tables.get(table.RouteTableId);
    if (c === undefined) {
      const entries: RouteEntry[] = [];
      const unknownPrefixLists: Route[] = [];
      for (const route of table.Routes ?? []) {
        const base = {
          route,
          priority: routePriority(route),
          target: routeTarget(route),
          blackhole: route.State === 'blackhole',
        };
        const cidrs = route.DestinationPrefixListId
          ? this.model.prefixListCidrs(route.DestinationPrefixListId)
          : [route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock].filter((x): x is string => x !== undefined);
        if (cidrs === undefined) {
          unknownPrefixLists.push(route);
          continue;
        }
        for (const cidr of cidrs) {
          entries.push({ ...base, cidr, addresses: AddressSet.fromCidr(cidr), prefixLength: prefixLength(cidr) });
        }
      }
      entries.sort(compareRoutes);
      c = { table, entries, unknownPrefixLists };
      this.tables.set(table.RouteTableId, c);
    }
    return c;
  }

  /** Routes of a transit gateway route table, best first; undefined when the snapshot lacks them. */
  tgwRoutes(tgwRtbId: string): TgwRouteEntry[] | undefined {
    if (this.tgwTables.has(tgwRtbId)) return this.tgwTables.get(tgwRtbId);
    const routes = this.model.transitGatewayRoutes(tgwRtbId);
    const compiled = routes?.flatMap((route) => {
      const cidrs = route.PrefixListId
        ? (this.model.prefixListCidrs(route.PrefixListId) ?? [])
        : [route.DestinationCidrBlock].filter((x): x is string => x !== undefined);
      const priority =
        route.Type === 'propagated'
          ? ROUTE_PRIORITY.propagated
          : route.PrefixListId
            ? ROUTE_PRIORITY.prefixList
            : ROUTE_PRIORITY.static;
      return cidrs.map((cidr) => {
        const entry: TgwRouteEntry = {
          route,
          cidr,
          addresses: AddressSet.fromCidr(cidr),
          prefixLength: prefixLength(cidr),
          priority,
          blackhole: route.State === 'blackhole',
        };
        const attachmentId = route.TransitGatewayAttachments?.[0]?.TransitGatewayAttachmentId;
        if (attachmentId !== undefined) entry.attachmentId = attachmentId;
        return entry;
      });
    });
    compiled?.sort(compareRoutes);
    this.tgwTables.set(tgwRtbId, compiled);
    return compiled;
  }
}

function aclEntryAddresses(entry: NetworkAclEntry): AddressSet {
  const cidr = entry.CidrBlock ?? entry.Ipv6CidrBlock;
  return cidr === undefined ? AddressSet.empty() : AddressSet.fromCidr(cidr);
}

const CACHE = new WeakMap<NetworkModel, ReachIndex>();

export function reachIndexFor(model: NetworkModel): ReachIndex {
  let index = CACHE.get(model);
  if (index === undefined) {
    index = new ReachIndex(model);
    CACHE.set(model, index);
  }
  return index;
}

/** Entries matching `dst`, best first (the first is the route AWS uses). */
export function matchingRoutes<T extends { addresses: AddressSet }>(entries: readonly T[], dst: Addr): T[] {
  return entries.filter((e) => inSet(e.addresses, dst));
}
