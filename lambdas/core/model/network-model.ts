/**
 * The indexed view of a `Snapshot` every engine part queries: lookups by id and the relations AWS
 * resolves implicitly (main route table, default network ACL, ENIs by group or address). Built in
 * one pass with Maps so an estate of tens of thousands of resources indexes in milliseconds; derived
 * address sets are computed on first use and cached, which is safe because the model never changes
 * (a simulation builds a new model from a changed copy of the snapshot).
 */
import { AddressSet } from '../net/address-set';
import { tryParseIpv4, tryParseIpv6 } from '../net/ip';
import type {
  EgressOnlyInternetGateway,
  FlowLog,
  Instance,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from './aws-types';
import { findDanglingReferences } from './model-references';
import type { Diagnostic, Snapshot } from './snapshot';

export interface InterfaceAddresses {
  privateIpv4: string[];
  publicIpv4: string[];
  ipv6: string[];
}

/** Association and CIDR states after which AWS no longer routes for the block. */
const GONE_STATES = new Set(['disassociated', 'disassociating', 'failed', 'failing']);
/** Internet gateways print "available" when attached, egress-only ones "attached". */
const ATTACHED_STATES = new Set(['available', 'attached']);

export class NetworkModel {
  readonly diagnostics: Diagnostic[];

  private readonly vpcs = new Map<string, Vpc>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly routeTables = new Map<string, RouteTable>();
  private readonly networkAcls = new Map<string, NetworkAcl>();
  private readonly securityGroups = new Map<string, SecurityGroup>();
  private readonly interfaces = new Map<string, NetworkInterface>();
  private readonly instances = new Map<string, Instance>();
  private readonly internetGateways = new Map<string, InternetGateway>();
  private readonly egressOnlyGateways = new Map<string, EgressOnlyInternetGateway>();
  private readonly natGateways = new Map<string, NatGateway>();
  private readonly peerings = new Map<string, VpcPeeringConnection>();
  private readonly transitGateways = new Map<string, TransitGateway>();
  private readonly tgwAttachments = new Map<string, TransitGatewayAttachment>();
  private readonly tgwVpcAttachments = new Map<string, TransitGatewayVpcAttachment>();
  private readonly tgwRouteTables = new Map<string, TransitGatewayRouteTable>();
  private readonly endpoints = new Map<string, VpcEndpoint>();
  private readonly prefixLists = new Map<string, PrefixList>();

  private readonly explicitRouteTable = new Map<string, RouteTable>();
  private readonly gatewayRouteTable = new Map<string, RouteTable>();
  private readonly mainRouteTables = new Map<string, RouteTable>();
  private readonly explicitAcl = new Map<string, NetworkAcl>();
  private readonly defaultAcls = new Map<string, NetworkAcl>();
  private readonly subnetsByVpc = new MultiMap<Subnet>();
  private readonly routeTablesByVpc = new MultiMap<RouteTable>();
  private readonly aclsByVpc = new MultiMap<NetworkAcl>();
  private readonly groupsByVpc = new MultiMap<SecurityGroup>();
  private readonly interfacesBySubnet = new MultiMap<NetworkInterface>();
  private readonly interfacesByInstance = new MultiMap<NetworkInterface>();
  private readonly interfacesByGroup = new MultiMap<NetworkInterface>();
  private readonly interfacesByAddress = new Map<string, NetworkInterface>();
  /** ENIs with delegated prefixes: few, so an address inside a prefix is found by scanning them. */
  private readonly prefixedInterfaces: NetworkInterface[] = [];
  private readonly flowLogsByResource = new MultiMap<FlowLog>();
  private readonly igwsByVpc = new MultiMap<InternetGateway>();
  private readonly eigwsByVpc = new MultiMap<EgressOnlyInternetGateway>();
  private readonly natsByVpc = new MultiMap<NatGateway>();
  private readonly endpointsByVpc = new MultiMap<VpcEndpoint>();
  private readonly peeringsByVpc = new MultiMap<VpcPeeringConnection>();
  private readonly tgwVpcAttachmentsByVpc = new MultiMap<TransitGatewayVpcAttachment>();

  private readonly addressCache = new Map<string, AddressSet>();
  private tags: Map<string, Record<string, string>> | undefined;

  private constructor(readonly snapshot: Snapshot) {
    this.index();
    this.diagnostics = findDanglingReferences(this);
  }

  static build(snapshot: Snapshot): NetworkModel {
    return new NetworkModel(snapshot);
  }

  private index(): void {
    const s = this.snapshot;
    for (const vpc of s.Vpcs) putFirst(this.vpcs, vpc.VpcId, vpc);
    for (const subnet of s.Subnets) {
      if (putFirst(this.subnets, subnet.SubnetId, subnet)) this.subnetsByVpc.add(subnet.VpcId, subnet);
    }
    for (const table of s.RouteTables) {
      if (!putFirst(this.routeTables, table.RouteTableId, table)) continue;
      this.routeTablesByVpc.add(table.VpcId, table);
      for (const association of table.Associations ?? []) {
        if (GONE_STATES.has(association.AssociationState?.State ?? '')) continue;
        if (association.Main === true) putFirst(this.mainRouteTables, table.VpcId, table);
        if (association.SubnetId !== undefined) putFirst(this.explicitRouteTable, association.SubnetId, table);
        if (association.GatewayId !== undefined) putFirst(this.gatewayRouteTable, association.GatewayId, table);
      }
    }
    for (const acl of s.NetworkAcls) {
      if (!putFirst(this.networkAcls, acl.NetworkAclId, acl)) continue;
      this.aclsByVpc.add(acl.VpcId, acl);
      if (acl.IsDefault === true) putFirst(this.defaultAcls, acl.VpcId, acl);
      for (const association of acl.Associations ?? []) putFirst(this.explicitAcl, association.SubnetId, acl);
    }
    for (const group of s.SecurityGroups) {
      if (putFirst(this.securityGroups, group.GroupId, group) && group.VpcId !== undefined) {
        this.groupsByVpc.add(group.VpcId, group);
      }
    }
    for (const eni of s.NetworkInterfaces) {
      if (putFirst(this.interfaces, eni.NetworkInterfaceId, eni)) this.indexInterface(eni);
    }
    for (const reservation of s.Reservations) {
      for (const instance of reservation.Instances) putFirst(this.instances, instance.InstanceId, instance);
    }
    for (const igw of s.InternetGateways) {
      if (putFirst(this.internetGateways, igw.InternetGatewayId, igw)) {
        for (const vpcId of attachedVpcs(igw.Attachments)) this.igwsByVpc.add(vpcId, igw);
      }
    }
    for (const eigw of s.EgressOnlyInternetGateways) {
      if (putFirst(this.egressOnlyGateways, eigw.EgressOnlyInternetGatewayId, eigw)) {
        for (const vpcId of attachedVpcs(eigw.Attachments)) this.eigwsByVpc.add(vpcId, eigw);
      }
    }
    for (const nat of s.NatGateways) {
      if (putFirst(this.natGateways, nat.NatGatewayId, nat)) this.natsByVpc.add(nat.VpcId, nat);
    }
    for (const peering of s.VpcPeeringConnections) {
      if (!putFirst(this.peerings, peering.VpcPeeringConnectionId, peering)) continue;
      const sides = new Set([peering.RequesterVpcInfo?.VpcId, peering.AccepterVpcInfo?.VpcId]);
      for (const vpcId of sides) if (vpcId !== undefined) this.peeringsByVpc.add(vpcId, peering);
    }
    for (const tgw of s.TransitGateways) putFirst(this.transitGateways, tgw.TransitGatewayId, tgw);
    for (const attachment of s.TransitGatewayAttachments) {
      putFirst(this.tgwAttachments, attachment.TransitGatewayAttachmentId, attachment);
    }
    for (const attachment of s.TransitGatewayVpcAttachments) {
      if (putFirst(this.tgwVpcAttachments, attachment.TransitGatewayAttachmentId, attachment)) {
        this.tgwVpcAttachmentsByVpc.add(attachment.VpcId, attachment);
      }
    }
    for (const table of s.TransitGatewayRouteTables) {
      putFirst(this.tgwRouteTables, table.TransitGatewayRouteTableId, table);
    }
    for (const endpoint of s.VpcEndpoints) {
      if (putFirst(this.endpoints, endpoint.VpcEndpointId, endpoint)) this.endpointsByVpc.add(endpoint.VpcId, endpoint);
    }
    for (const list of s.PrefixLists) putFirst(this.prefixLists, list.PrefixListId, list);
    for (const flowLog of s.FlowLogs) this.flowLogsByResource.add(flowLog.ResourceId, flowLog);
  }

  private indexInterface(eni: NetworkInterface): void {
    this.interfacesBySubnet.add(eni.SubnetId, eni);
    if (eni.Attachment?.InstanceId !== undefined) this.interfacesByInstance.add(eni.Attachment.InstanceId, eni);
    const groups = eni.Groups ?? [];
    groups.forEach((group, index) => {
      if (groups.findIndex((g) => g.GroupId === group.GroupId) === index)
        this.interfacesByGroup.add(group.GroupId, eni);
    });
    // Written out rather than via interfaceAddresses(): this runs for every ENI of the estate.
    this.indexAddress(eni.PrivateIpAddress, eni);
    this.indexAddress(eni.Association?.PublicIp, eni);
    for (const ip of eni.PrivateIpAddresses ?? []) {
      this.indexAddress(ip.PrivateIpAddress, eni);
      this.indexAddress(ip.Association?.PublicIp, eni);
    }
    for (const ip of eni.Ipv6Addresses ?? []) this.indexAddress(ip.Ipv6Address, eni);
    if ((eni.Ipv4Prefixes?.length ?? 0) + (eni.Ipv6Prefixes?.length ?? 0) > 0) this.prefixedInterfaces.push(eni);
  }

  private indexAddress(ip: string | undefined, eni: NetworkInterface): void {
    const key = ip === undefined ? undefined : addressKey(ip);
    if (key !== undefined) putFirst(this.interfacesByAddress, key, eni);
  }

  // ---- lookups by id (undefined when absent) ---------------------------------------------

  vpc(id: string): Vpc | undefined {
    return this.vpcs.get(id);
  }
  subnet(id: string): Subnet | undefined {
    return this.subnets.get(id);
  }
  routeTable(id: string): RouteTable | undefined {
    return this.routeTables.get(id);
  }
  networkAcl(id: string): NetworkAcl | undefined {
    return this.networkAcls.get(id);
  }
  securityGroup(id: string): SecurityGroup | undefined {
    return this.securityGroups.get(id);
  }
  networkInterface(id: string): NetworkInterface | undefined {
    return this.interfaces.get(id);
  }
  instance(id: string): Instance | undefined {
    return this.instances.get(id);
  }
  internetGateway(id: string): InternetGateway | undefined {
    return this.internetGateways.get(id);
  }
  egressOnlyInternetGateway(id: string): EgressOnlyInternetGateway | undefined {
    return this.egressOnlyGateways.get(id);
  }
  natGateway(id: string): NatGateway | undefined {
    return this.natGateways.get(id);
  }
  peeringConnection(id: string): VpcPeeringConnection | undefined {
    return this.peerings.get(id);
  }
  transitGateway(id: string): TransitGateway | undefined {
    return this.transitGateways.get(id);
  }
  transitGatewayAttachment(id: string): TransitGatewayAttachment | undefined {
    return this.tgwAttachments.get(id);
  }
  transitGatewayVpcAttachment(id: string): TransitGatewayVpcAttachment | undefined {
    return this.tgwVpcAttachments.get(id);
  }
  transitGatewayRouteTable(id: string): TransitGatewayRouteTable | undefined {
    return this.tgwRouteTables.get(id);
  }
  vpcEndpoint(id: string): VpcEndpoint | undefined {
    return this.endpoints.get(id);
  }
  prefixList(id: string): PrefixList | undefined {
    return this.prefixLists.get(id);
  }

  // ---- relations AWS resolves implicitly ------------------------------------------------------

  /** The explicitly associated route table, else the main route table of the subnet's VPC. */
  routeTableForSubnet(subnetId: string): RouteTable | undefined {
    const explicit = this.explicitRouteTable.get(subnetId);
    if (explicit !== undefined) return explicit;
    const subnet = this.subnets.get(subnetId);
    return subnet === undefined ? undefined : this.mainRouteTables.get(subnet.VpcId);
  }

  /** Whether the subnet uses its route table through an explicit association (false = the main table). */
  hasExplicitRouteTable(subnetId: string): boolean {
    return this.explicitRouteTable.has(subnetId);
  }

  mainRouteTable(vpcId: string): RouteTable | undefined {
    return this.mainRouteTables.get(vpcId);
  }

  /** The route table associated with a gateway (ingress routing on an IGW or virtual private gateway). */
  routeTableForGateway(gatewayId: string): RouteTable | undefined {
    return this.gatewayRouteTable.get(gatewayId);
  }

  /** Subnets whose traffic this table routes: its explicit associations, plus the implicit ones if main. */
  subnetsUsingRouteTable(routeTableId: string): Subnet[] {
    const table = this.routeTables.get(routeTableId);
    if (table === undefined) return [];
    return this.subnetsOfVpc(table.VpcId).filter((s) => this.routeTableForSubnet(s.SubnetId) === table);
  }

  /** The associated network ACL, else the default ACL of the subnet's VPC. */
  networkAclForSubnet(subnetId: string): NetworkAcl | undefined {
    const explicit = this.explicitAcl.get(subnetId);
    if (explicit !== undefined) return explicit;
    const subnet = this.subnets.get(subnetId);
    return subnet === undefined ? undefined : this.defaultAcls.get(subnet.VpcId);
  }

  defaultNetworkAcl(vpcId: string): NetworkAcl | undefined {
    return this.defaultAcls.get(vpcId);
  }

  subnetsUsingNetworkAcl(networkAclId: string): Subnet[] {
    const acl = this.networkAcls.get(networkAclId);
    if (acl === undefined) return [];
    return this.subnetsOfVpc(acl.VpcId).filter((s) => this.networkAclForSubnet(s.SubnetId) === acl);
  }

  /** The VPC's group named "default" (AWS creates exactly one per VPC). */
  defaultSecurityGroup(vpcId: string): SecurityGroup | undefined {
    return this.groupsByVpc.get(vpcId).find((g) => g.GroupName === 'default');
  }

  subnetsOfVpc(vpcId: string): Subnet[] {
    return this.subnetsByVpc.get(vpcId);
  }
  routeTablesOfVpc(vpcId: string): RouteTable[] {
    return this.routeTablesByVpc.get(vpcId);
  }
  networkAclsOfVpc(vpcId: string): NetworkAcl[] {
    return this.aclsByVpc.get(vpcId);
  }
  securityGroupsOfVpc(vpcId: string): SecurityGroup[] {
    return this.groupsByVpc.get(vpcId);
  }
  interfacesInSubnet(subnetId: string): NetworkInterface[] {
    return this.interfacesBySubnet.get(subnetId);
  }
  interfacesOfInstance(instanceId: string): NetworkInterface[] {
    return this.interfacesByInstance.get(instanceId);
  }
  interfacesWithGroup(groupId: string): NetworkInterface[] {
    return this.interfacesByGroup.get(groupId);
  }
  flowLogsFor(resourceId: string): FlowLog[] {
    return this.flowLogsByResource.get(resourceId);
  }
  /** Internet gateways attached to the VPC (state "available"). */
  internetGatewaysOfVpc(vpcId: string): InternetGateway[] {
    return this.igwsByVpc.get(vpcId);
  }
  egressOnlyGatewaysOfVpc(vpcId: string): EgressOnlyInternetGateway[] {
    return this.eigwsByVpc.get(vpcId);
  }
  natGatewaysOfVpc(vpcId: string): NatGateway[] {
    return this.natsByVpc.get(vpcId);
  }
  endpointsOfVpc(vpcId: string): VpcEndpoint[] {
    return this.endpointsByVpc.get(vpcId);
  }
  /** Peering connections with the VPC on either side, whatever their status. */
  peeringsOfVpc(vpcId: string): VpcPeeringConnection[] {
    return this.peeringsByVpc.get(vpcId);
  }
  transitGatewayVpcAttachmentsOfVpc(vpcId: string): TransitGatewayVpcAttachment[] {
    return this.tgwVpcAttachmentsByVpc.get(vpcId);
  }

  /** The routes searched in a transit gateway route table; undefined = not in the snapshot (unknown). */
  transitGatewayRoutes(tgwRtbId: string): TransitGatewayRoute[] | undefined {
    return Object.hasOwn(this.snapshot.TransitGatewayRoutes, tgwRtbId)
      ? this.snapshot.TransitGatewayRoutes[tgwRtbId]
      : undefined;
  }

  /** The ENI holding a private IPv4/IPv6 address, a public IPv4 address, or (delegated) a prefix containing it. */
  interfaceByAddress(ip: string): NetworkInterface | undefined {
    const key = addressKey(ip);
    if (key === undefined) return undefined;
    const exact = this.interfacesByAddress.get(key);
    if (exact !== undefined) return exact;
    return this.prefixedInterfaces.find((eni) => this.interfacePrivateAddresses(eni.NetworkInterfaceId).contains(ip));
  }

  // ---- addresses ----------------------------------------------------------------------------

  /** Every associated IPv4 and IPv6 CIDR of the VPC. */
  vpcAddresses(vpcId: string): AddressSet {
    return this.cached(`vpc:${vpcId}`, () => {
      const vpc = this.vpcs.get(vpcId);
      if (vpc === undefined) return AddressSet.empty();
      const cidrs = [
        ...(vpc.CidrBlock === undefined ? [] : [vpc.CidrBlock]),
        ...(vpc.CidrBlockAssociationSet ?? [])
          .filter((a) => !GONE_STATES.has(a.CidrBlockState?.State ?? ''))
          .map((a) => a.CidrBlock),
        ...ipv6Blocks(vpc.Ipv6CidrBlockAssociationSet),
      ];
      return AddressSet.fromCidrs(cidrs);
    });
  }

  subnetAddresses(subnetId: string): AddressSet {
    return this.cached(`subnet:${subnetId}`, () => {
      const subnet = this.subnets.get(subnetId);
      if (subnet === undefined) return AddressSet.empty();
      const ipv4 = subnet.CidrBlock === undefined ? [] : [subnet.CidrBlock];
      return AddressSet.fromCidrs([...ipv4, ...ipv6Blocks(subnet.Ipv6CidrBlockAssociationSet)]);
    });
  }

  /** The list's CIDRs: its entries (`get-managed-prefix-list-entries`), else inline `Cidrs`; undefined = unknown. */
  prefixListCidrs(id: string): string[] | undefined {
    if (Object.hasOwn(this.snapshot.PrefixListEntries, id)) {
      return (this.snapshot.PrefixListEntries[id] ?? []).map((entry) => entry.Cidr);
    }
    return this.prefixLists.get(id)?.Cidrs;
  }

  prefixListAddresses(id: string): AddressSet | undefined {
    // Asked once per rule naming the list: the cached set is looked up before the entries are copied.
    const known = this.addressCache.get(`pl:${id}`);
    if (known !== undefined) return known;
    const cidrs = this.prefixListCidrs(id);
    if (cidrs === undefined) return undefined;
    return this.cached(`pl:${id}`, () => AddressSet.fromCidrs(cidrs));
  }

  /** The ENI's addresses, primary first, without duplicates; empty lists for an unknown ENI. */
  interfaceAddresses(eniId: string): InterfaceAddresses {
    const eni = this.interfaces.get(eniId);
    const privateIpv4 = new Set<string>();
    const publicIpv4 = new Set<string>();
    if (eni?.PrivateIpAddress !== undefined) privateIpv4.add(eni.PrivateIpAddress);
    if (eni?.Association?.PublicIp !== undefined) publicIpv4.add(eni.Association.PublicIp);
    for (const ip of eni?.PrivateIpAddresses ?? []) {
      privateIpv4.add(ip.PrivateIpAddress);
      if (ip.Association?.PublicIp !== undefined) publicIpv4.add(ip.Association.PublicIp);
    }
    const ipv6 = new Set((eni?.Ipv6Addresses ?? []).map((a) => a.Ipv6Address));
    return { privateIpv4: [...privateIpv4], publicIpv4: [...publicIpv4], ipv6: [...ipv6] };
  }

  /** The ENI's private IPv4 and IPv6 addresses including delegated prefixes (what a group reference matches). */
  interfacePrivateAddresses(eniId: string): AddressSet {
    return this.cached(`eni:${eniId}`, () => AddressSet.fromCidrs(this.privateCidrsOf(eniId)));
  }

  /** The private addresses of every ENI carrying the group: what a rule referencing the group matches. */
  groupAddresses(groupId: string): AddressSet {
    return this.cached(`sg:${groupId}`, () =>
      AddressSet.fromCidrs(
        this.interfacesByGroup.get(groupId).flatMap((eni) => this.privateCidrsOf(eni.NetworkInterfaceId)),
      ),
    );
  }

  private privateCidrsOf(eniId: string): string[] {
    const eni = this.interfaces.get(eniId);
    const { privateIpv4, ipv6 } = this.interfaceAddresses(eniId);
    return [
      ...privateIpv4,
      ...ipv6,
      ...(eni?.Ipv4Prefixes ?? []).map((p) => p.Ipv4Prefix),
      ...(eni?.Ipv6Prefixes ?? []).map((p) => p.Ipv6Prefix),
    ];
  }

  // ---- tags and whole lists -----------------------------------------------------------------

  /** The resource's tags (`Tags`, or `TagSet` on ENIs) as a record; empty when untagged or unknown. */
  tagsOf(resourceId: string): Record<string, string> {
    if (this.tags === undefined) this.tags = this.indexTags();
    return this.tags.get(resourceId) ?? {};
  }

  allVpcs(): Vpc[] {
    return this.snapshot.Vpcs;
  }
  allSubnets(): Subnet[] {
    return this.snapshot.Subnets;
  }
  allRouteTables(): RouteTable[] {
    return this.snapshot.RouteTables;
  }
  allNetworkAcls(): NetworkAcl[] {
    return this.snapshot.NetworkAcls;
  }
  allSecurityGroups(): SecurityGroup[] {
    return this.snapshot.SecurityGroups;
  }
  allInterfaces(): NetworkInterface[] {
    return this.snapshot.NetworkInterfaces;
  }
  allInstances(): Instance[] {
    return [...this.instances.values()];
  }

  private indexTags(): Map<string, Record<string, string>> {
    const s = this.snapshot;
    const tags = new Map<string, Record<string, string>>();
    const add = (id: string, list: Tag[] | undefined): void => {
      if (list !== undefined && list.length > 0 && !tags.has(id)) {
        tags.set(id, Object.fromEntries(list.map((t) => [t.Key, t.Value])));
      }
    };
    for (const r of s.Vpcs) add(r.VpcId, r.Tags);
    for (const r of s.Subnets) add(r.SubnetId, r.Tags);
    for (const r of s.RouteTables) add(r.RouteTableId, r.Tags);
    for (const r of s.NetworkAcls) add(r.NetworkAclId, r.Tags);
    for (const r of s.SecurityGroups) add(r.GroupId, r.Tags);
    for (const r of s.SecurityGroupRules) add(r.SecurityGroupRuleId, r.Tags);
    for (const r of s.NetworkInterfaces) add(r.NetworkInterfaceId, r.TagSet);
    for (const r of this.instances.values()) add(r.InstanceId, r.Tags);
    for (const r of s.InternetGateways) add(r.InternetGatewayId, r.Tags);
    for (const r of s.EgressOnlyInternetGateways) add(r.EgressOnlyInternetGatewayId, r.Tags);
    for (const r of s.NatGateways) add(r.NatGatewayId, r.Tags);
    for (const r of s.VpcPeeringConnections) add(r.VpcPeeringConnectionId, r.Tags);
    for (const r of s.TransitGateways) add(r.TransitGatewayId, r.Tags);
    for (const r of s.TransitGatewayAttachments) add(r.TransitGatewayAttachmentId, r.Tags);
    for (const r of s.TransitGatewayVpcAttachments) add(r.TransitGatewayAttachmentId, r.Tags);
    for (const r of s.TransitGatewayRouteTables) add(r.TransitGatewayRouteTableId, r.Tags);
    for (const r of s.VpcEndpoints) add(r.VpcEndpointId, r.Tags);
    for (const r of s.PrefixLists) add(r.PrefixListId, r.Tags);
    for (const r of s.FlowLogs) add(r.FlowLogId, r.Tags);
    return tags;
  }

  private cached(key: string, compute: () => AddressSet): AddressSet {
    let set = this.addressCache.get(key);
    if (set === undefined) {
      set = compute();
      this.addressCache.set(key, set);
    }
    return set;
  }
}

/** A Map of lists whose `get` of an absent key is an empty list. */
class MultiMap<T> {
  private readonly lists = new Map<string, T[]>();

  add(key: string, value: T): void {
    const list = this.lists.get(key);
    if (list === undefined) this.lists.set(key, [value]);
    else list.push(value);
  }

  get(key: string): T[] {
    return this.lists.get(key) ?? [];
  }
}

/** Keeps the first value for a key (a well-formed snapshot has unique ids); true when stored. */
function putFirst<T>(map: Map<string, T>, key: string, value: T): boolean {
  if (map.has(key)) return false;
  map.set(key, value);
  return true;
}

function attachedVpcs(attachments: { VpcId: string; State?: string }[] | undefined): string[] {
  return (attachments ?? []).filter((a) => a.State === undefined || ATTACHED_STATES.has(a.State)).map((a) => a.VpcId);
}

function ipv6Blocks(set: { Ipv6CidrBlock: string; Ipv6CidrBlockState?: { State?: string } }[] | undefined): string[] {
  return (set ?? []).filter((a) => !GONE_STATES.has(a.Ipv6CidrBlockState?.State ?? '')).map((a) => a.Ipv6CidrBlock);
}

/** One key per address whatever its spelling (`2001:DB8::1` and `2001:db8:0::1` are the same). */
function addressKey(ip: string): string | undefined {
  if (ip.includes(':')) {
    const v6 = tryParseIpv6(ip);
    return v6 === undefined ? undefined : `6:${v6}`;
  }
  const v4 = tryParseIpv4(ip);
  return v4 === undefined ? undefined : `4:${v4}`;
}
