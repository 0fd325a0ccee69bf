/**
 * The subset of EC2's API shapes NetWarden reads, spelled exactly as `aws ec2 describe-*` prints
 * them (PascalCase). Keeping AWS's own names means a snapshot needs no translation and a reader
 * can check any field against the EC2 API reference. Fields AWS may omit are optional.
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface Vpc {
  VpcId: string;
  CidrBlock?: string;
  CidrBlockAssociationSet?: { AssociationId?: string; CidrBlock: string; CidrBlockState?: { State?: string } }[];
  Ipv6CidrBlockAssociationSet?: {
    AssociationId?: string;
    Ipv6CidrBlock: string;
    Ipv6CidrBlockState?: { State?: string };
  }[];
  IsDefault?: boolean;
  State?: string;
  OwnerId?: string;
  DhcpOptionsId?: string;
  InstanceTenancy?: string;
  Tags?: Tag[];
}

export interface Subnet {
  SubnetId: string;
  VpcId: string;
  CidrBlock?: string;
  Ipv6CidrBlockAssociationSet?: {
    AssociationId?: string;
    Ipv6CidrBlock: string;
    Ipv6CidrBlockState?: { State?: string };
  }[];
  AvailabilityZone?: string;
  AvailabilityZoneId?: string;
  MapPublicIpOnLaunch?: boolean;
  AssignIpv6AddressOnCreation?: boolean;
  DefaultForAz?: boolean;
  State?: string;
  OwnerId?: string;
  SubnetArn?: string;
  AvailableIpAddressCount?: number;
  Tags?: Tag[];
}

export interface RouteTableAssociation {
  RouteTableAssociationId?: string;
  RouteTableId?: string;
  SubnetId?: string;
  GatewayId?: string;
  Main?: boolean;
  AssociationState?: { State?: string };
}

/** `Origin`: `CreateRouteTable` (the local route), `CreateRoute` (static), `EnableVgwRoutePropagation`. */
export interface Route {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  EgressOnlyInternetGatewayId?: string;
  NatGatewayId?: string;
  VpcPeeringConnectionId?: string;
  TransitGatewayId?: string;
  NetworkInterfaceId?: string;
  InstanceId?: string;
  InstanceOwnerId?: string;
  LocalGatewayId?: string;
  CarrierGatewayId?: string;
  CoreNetworkArn?: string;
  Origin?: string;
  State?: string;
}

export interface RouteTable {
  RouteTableId: string;
  VpcId: string;
  Associations?: RouteTableAssociation[];
  Routes?: Route[];
  PropagatingVgws?: { GatewayId: string }[];
  OwnerId?: string;
  Tags?: Tag[];
}

export interface NetworkAclEntry {
  RuleNumber: number;
  /** Protocol number as a string: "-1" (all), "6" (TCP), "17" (UDP), "1" (ICMP), "58" (ICMPv6). */
  Protocol: string;
  RuleAction: 'allow' | 'deny';
  Egress: boolean;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  IcmpTypeCode?: { Code?: number; Type?: number };
  PortRange?: { From?: number; To?: number };
}

export interface NetworkAcl {
  NetworkAclId: string;
  VpcId: string;
  IsDefault?: boolean;
  Entries?: NetworkAclEntry[];
  Associations?: { NetworkAclAssociationId?: string; NetworkAclId?: string; SubnetId: string }[];
  OwnerId?: string;
  Tags?: Tag[];
}

export interface UserIdGroupPair {
  GroupId?: string;
  GroupName?: string;
  UserId?: string;
  VpcId?: string;
  VpcPeeringConnectionId?: string;
  PeeringStatus?: string;
  Description?: string;
}

/** `IpProtocol`: "tcp", "udp", "icmp", "icmpv6", "-1" or a protocol number as a string. */
export interface IpPermission {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6: string; Description?: string }[];
  PrefixListIds?: { PrefixListId: string; Description?: string }[];
  UserIdGroupPairs?: UserIdGroupPair[];
}

export interface SecurityGroup {
  GroupId: string;
  GroupName?: string;
  Description?: string;
  VpcId?: string;
  OwnerId?: string;
  IpPermissions?: IpPermission[];
  IpPermissionsEgress?: IpPermission[];
  Tags?: Tag[];
}

/** One rule as `aws ec2 describe-security-group-rules` prints it (gives the `SecurityGroupRuleId`). */
export interface SecurityGroupRule {
  SecurityGroupRuleId: string;
  GroupId: string;
  GroupOwnerId?: string;
  IsEgress: boolean;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
  ReferencedGroupInfo?: { GroupId?: string; UserId?: string; VpcId?: string; VpcPeeringConnectionId?: string };
  Description?: string;
  Tags?: Tag[];
}

export interface NetworkInterfacePrivateIp {
  PrivateIpAddress: string;
  Primary?: boolean;
  PrivateDnsName?: string;
  Association?: NetworkInterfaceAssociation;
}

export interface NetworkInterfaceAssociation {
  PublicIp?: string;
  PublicDnsName?: string;
  IpOwnerId?: string;
  AllocationId?: string;
  AssociationId?: string;
}

/** `InterfaceType`: "interface", "nat_gateway", "vpc_endpoint", "lambda", "network_load_balancer",
 * "gateway_load_balancer", "gateway_load_balancer_endpoint", "transit_gateway", ... ENIs of
 * application load balancers carry "interface" with `RequesterId` "amazon-elb" and a description
 * starting "ELB app/". */
export interface NetworkInterface {
  NetworkInterfaceId: string;
  SubnetId: string;
  VpcId: string;
  AvailabilityZone?: string;
  InterfaceType?: string;
  Description?: string;
  Groups?: { GroupId: string; GroupName?: string }[];
  PrivateIpAddress?: string;
  PrivateIpAddresses?: NetworkInterfacePrivateIp[];
  Ipv6Addresses?: { Ipv6Address: string; IsPrimaryIpv6?: boolean }[];
  Ipv4Prefixes?: { Ipv4Prefix: string }[];
  Ipv6Prefixes?: { Ipv6Prefix: string }[];
  Association?: NetworkInterfaceAssociation;
  Attachment?: {
    AttachmentId?: string;
    InstanceId?: string;
    InstanceOwnerId?: string;
    DeviceIndex?: number;
    Status?: string;
  };
  SourceDestCheck?: boolean;
  Status?: string;
  RequesterId?: string;
  RequesterManaged?: boolean;
  OwnerId?: string;
  MacAddress?: string;
  /** describe-network-interfaces prints `TagSet`, not `Tags`. */
  TagSet?: Tag[];
}

export interface InstanceNetworkInterface {
  NetworkInterfaceId: string;
  SubnetId?: string;
  VpcId?: string;
  PrivateIpAddress?: string;
  Groups?: { GroupId: string; GroupName?: string }[];
  SourceDestCheck?: boolean;
  Attachment?: { DeviceIndex?: number; Status?: string };
}

export interface Instance {
  InstanceId: string;
  InstanceType?: string;
  State?: { Code?: number; Name?: string };
  SubnetId?: string;
  VpcId?: string;
  PrivateIpAddress?: string;
  PublicIpAddress?: string;
  Ipv6Address?: string;
  SecurityGroups?: { GroupId: string; GroupName?: string }[];
  NetworkInterfaces?: InstanceNetworkInterface[];
  SourceDestCheck?: boolean;
  Placement?: { AvailabilityZone?: string };
  Tags?: Tag[];
}

export interface Reservation {
  ReservationId?: string;
  OwnerId?: string;
  Instances: Instance[];
}

export interface GatewayAttachment {
  VpcId: string;
  /** Internet gateways print "available" when attached; egress-only ones print "attached". */
  State?: string;
}

export interface InternetGateway {
  InternetGatewayId: string;
  Attachments?: GatewayAttachment[];
  OwnerId?: string;
  Tags?: Tag[];
}

export interface EgressOnlyInternetGateway {
  EgressOnlyInternetGatewayId: string;
  Attachments?: GatewayAttachment[];
  Tags?: Tag[];
}

export interface NatGateway {
  NatGatewayId: string;
  VpcId: string;
  SubnetId: string;
  State?: string;
  /** "public" (default when absent) or "private". */
  ConnectivityType?: string;
  NatGatewayAddresses?: {
    AllocationId?: string;
    NetworkInterfaceId?: string;
    PrivateIp?: string;
    PublicIp?: string;
    IsPrimary?: boolean;
    Status?: string;
  }[];
  Tags?: Tag[];
}

export interface VpcPeeringVpcInfo {
  VpcId?: string;
  OwnerId?: string;
  Region?: string;
  CidrBlock?: string;
  CidrBlockSet?: { CidrBlock: string }[];
  Ipv6CidrBlockSet?: { Ipv6CidrBlock: string }[];
  PeeringOptions?: Record<string, boolean>;
}

export interface VpcPeeringConnection {
  VpcPeeringConnectionId: string;
  Status?: { Code?: string; Message?: string };
  AccepterVpcInfo?: VpcPeeringVpcInfo;
  RequesterVpcInfo?: VpcPeeringVpcInfo;
  ExpirationTime?: string;
  Tags?: Tag[];
}

export interface TransitGateway {
  TransitGatewayId: string;
  TransitGatewayArn?: string;
  State?: string;
  OwnerId?: string;
  Options?: {
    AmazonSideAsn?: number;
    DefaultRouteTableAssociation?: string;
    DefaultRouteTablePropagation?: string;
    AssociationDefaultRouteTableId?: string;
    PropagationDefaultRouteTableId?: string;
  };
  Tags?: Tag[];
}

/** `ResourceType`: "vpc", "vpn", "direct-connect-gateway", "connect", "peering", "tgw-peering". */
export interface TransitGatewayAttachment {
  TransitGatewayAttachmentId: string;
  TransitGatewayId: string;
  TransitGatewayOwnerId?: string;
  ResourceOwnerId?: string;
  ResourceType?: string;
  ResourceId?: string;
  State?: string;
  Association?: { TransitGatewayRouteTableId?: string; State?: string };
  Tags?: Tag[];
}

/** From `describe-transit-gateway-vpc-attachments`: which subnets (so which AZs) a VPC attachment has. */
export interface TransitGatewayVpcAttachment {
  TransitGatewayAttachmentId: string;
  TransitGatewayId: string;
  VpcId: string;
  VpcOwnerId?: string;
  State?: string;
  SubnetIds?: string[];
  Tags?: Tag[];
}

export interface TransitGatewayRouteTable {
  TransitGatewayRouteTableId: string;
  TransitGatewayId: string;
  State?: string;
  DefaultAssociationRouteTable?: boolean;
  DefaultPropagationRouteTable?: boolean;
  Tags?: Tag[];
}

/** One route as `search-transit-gateway-routes` prints it. `Type`: "static" or "propagated";
 * `State`: "active" or "blackhole". */
export interface TransitGatewayRoute {
  DestinationCidrBlock?: string;
  PrefixListId?: string;
  TransitGatewayAttachments?: { ResourceId?: string; TransitGatewayAttachmentId: string; ResourceType?: string }[];
  Type?: string;
  State?: string;
}

/** `VpcEndpointType`: "Gateway", "Interface", "GatewayLoadBalancer". */
export interface VpcEndpoint {
  VpcEndpointId: string;
  VpcEndpointType?: string;
  VpcId: string;
  ServiceName?: string;
  State?: string;
  RouteTableIds?: string[];
  SubnetIds?: string[];
  Groups?: { GroupId: string; GroupName?: string }[];
  NetworkInterfaceIds?: string[];
  PolicyDocument?: string;
  PrivateDnsEnabled?: boolean;
  Tags?: Tag[];
}

/** `describe-managed-prefix-lists` items; `describe-prefix-lists` (AWS-managed service lists) prints
 * the same top-level key with `Cidrs` inline, so both shapes are accepted. */
export interface PrefixList {
  PrefixListId: string;
  PrefixListName?: string;
  AddressFamily?: string;
  State?: string;
  MaxEntries?: number;
  Version?: number;
  OwnerId?: string;
  Cidrs?: string[];
  Tags?: Tag[];
}

export interface PrefixListEntry {
  Cidr: string;
  Description?: string;
}

/** `TrafficType`: "ACCEPT", "REJECT", "ALL"; `FlowLogStatus`: "ACTIVE". */
export interface FlowLog {
  FlowLogId: string;
  ResourceId: string;
  TrafficType?: string;
  FlowLogStatus?: string;
  DeliverLogsStatus?: string;
  LogDestinationType?: string;
  LogDestination?: string;
  LogGroupName?: string;
  CreationTime?: string;
  Tags?: Tag[];
}
