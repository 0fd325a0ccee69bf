/**
 * The fields of each snapshot list the engine relies on, as `aws ec2 describe-*` prints them. An
 * item that does not match is reported and skipped; fields not listed here are kept untouched.
 */
import { S, type Shape } from './shape';
import type { SnapshotListKey } from './snapshot';

const PORT = S.integer(-1, 65535);
/** 1-32766 for rules users write; AWS prints the fixed last rule `*` as 32767 (IPv4) and 32768 (IPv6). */
export const RULE_NUMBER = S.integer(1, 32768);
const ICMP_NUMBER = S.integer(-1, 255);
const TAGS = S.array(S.object({ Key: S.string, Value: S.string }));
const GROUP_REFS = S.array(S.object({ GroupId: S.id }, { GroupName: S.string }));
const IDS = S.array(S.id);

const IPV6_ASSOCIATIONS = S.array(
  S.object(
    { Ipv6CidrBlock: S.cidr(6) },
    { AssociationId: S.string, Ipv6CidrBlockState: S.object({}, { State: S.string }) },
  ),
);

const PUBLIC_ASSOCIATION = S.object({}, { PublicIp: S.address(4), IpOwnerId: S.string, AllocationId: S.string });

const USER_ID_GROUP_PAIR = S.object(
  {},
  {
    GroupId: S.id,
    GroupName: S.string,
    UserId: S.string,
    VpcId: S.string,
    VpcPeeringConnectionId: S.string,
    PeeringStatus: S.string,
    Description: S.string,
  },
);

export const IP_PERMISSION: Shape = S.object(
  { IpProtocol: S.protocol },
  {
    FromPort: PORT,
    ToPort: PORT,
    IpRanges: S.array(S.object({ CidrIp: S.cidr(4) }, { Description: S.string })),
    Ipv6Ranges: S.array(S.object({ CidrIpv6: S.cidr(6) }, { Description: S.string })),
    PrefixListIds: S.array(S.object({ PrefixListId: S.id }, { Description: S.string })),
    UserIdGroupPairs: S.array(USER_ID_GROUP_PAIR),
  },
);

export const VPC: Shape = S.object(
  { VpcId: S.id },
  {
    CidrBlock: S.cidr(4),
    CidrBlockAssociationSet: S.array(
      S.object(
        { CidrBlock: S.cidr(4) },
        { AssociationId: S.string, CidrBlockState: S.object({}, { State: S.string }) },
      ),
    ),
    Ipv6CidrBlockAssociationSet: IPV6_ASSOCIATIONS,
    IsDefault: S.boolean,
    State: S.string,
    OwnerId: S.string,
    Tags: TAGS,
  },
);

export const SUBNET: Shape = S.object(
  { SubnetId: S.id, VpcId: S.id },
  {
    CidrBlock: S.cidr(4),
    Ipv6CidrBlockAssociationSet: IPV6_ASSOCIATIONS,
    AvailabilityZone: S.string,
    AvailabilityZoneId: S.string,
    MapPublicIpOnLaunch: S.boolean,
    AssignIpv6AddressOnCreation: S.boolean,
    DefaultForAz: S.boolean,
    State: S.string,
    OwnerId: S.string,
    Tags: TAGS,
  },
);

export const ROUTE: Shape = S.object(
  {},
  {
    DestinationCidrBlock: S.cidr(4),
    DestinationIpv6CidrBlock: S.cidr(6),
    DestinationPrefixListId: S.id,
    GatewayId: S.id,
    EgressOnlyInternetGatewayId: S.id,
    NatGatewayId: S.id,
    VpcPeeringConnectionId: S.id,
    TransitGatewayId: S.id,
    NetworkInterfaceId: S.id,
    InstanceId: S.id,
    LocalGatewayId: S.id,
    CarrierGatewayId: S.id,
    CoreNetworkArn: S.id,
    Origin: S.string,
    State: S.string,
  },
);

export const ROUTE_TABLE: Shape = S.object(
  { RouteTableId: S.id, VpcId: S.id },
  {
    Associations: S.array(
      S.object(
        {},
        {
          RouteTableAssociationId: S.string,
          RouteTableId: S.id,
          SubnetId: S.id,
          GatewayId: S.id,
          Main: S.boolean,
          AssociationState: S.object({}, { State: S.string }),
        },
      ),
    ),
    Routes: S.array(ROUTE),
    PropagatingVgws: S.array(S.object({ GatewayId: S.id })),
    OwnerId: S.string,
    Tags: TAGS,
  },
);

export const NETWORK_ACL_ENTRY: Shape = S.object(
  { RuleNumber: RULE_NUMBER, Protocol: S.protocol, RuleAction: S.enumOf('allow', 'deny'), Egress: S.boolean },
  {
    CidrBlock: S.cidr(4),
    Ipv6CidrBlock: S.cidr(6),
    IcmpTypeCode: S.object({}, { Code: ICMP_NUMBER, Type: ICMP_NUMBER }),
    PortRange: S.object({}, { From: S.integer(0, 65535), To: S.integer(0, 65535) }),
  },
);

export const NETWORK_ACL: Shape = S.object(
  { NetworkAclId: S.id, VpcId: S.id },
  {
    IsDefault: S.boolean,
    Entries: S.array(NETWORK_ACL_ENTRY),
    Associations: S.array(S.object({ SubnetId: S.id }, { NetworkAclAssociationId: S.string, NetworkAclId: S.id })),
    OwnerId: S.string,
    Tags: TAGS,
  },
);

export const SECURITY_GROUP: Shape = S.object(
  { GroupId: S.id },
  {
    GroupName: S.string,
    Description: S.string,
    VpcId: S.id,
    OwnerId: S.string,
    IpPermissions: S.array(IP_PERMISSION),
    IpPermissionsEgress: S.array(IP_PERMISSION),
    Tags: TAGS,
  },
);

const SECURITY_GROUP_RULE: Shape = S.object(
  { SecurityGroupRuleId: S.id, GroupId: S.id, IsEgress: S.boolean, IpProtocol: S.protocol },
  {
    GroupOwnerId: S.string,
    FromPort: PORT,
    ToPort: PORT,
    CidrIpv4: S.cidr(4),
    CidrIpv6: S.cidr(6),
    PrefixListId: S.id,
    ReferencedGroupInfo: S.object(
      {},
      { GroupId: S.id, UserId: S.string, VpcId: S.string, VpcPeeringConnectionId: S.string },
    ),
    Description: S.string,
    Tags: TAGS,
  },
);

const PRIVATE_IP = S.object(
  { PrivateIpAddress: S.address(4) },
  { Primary: S.boolean, PrivateDnsName: S.string, Association: PUBLIC_ASSOCIATION },
);

const NETWORK_INTERFACE: Shape = S.object(
  { NetworkInterfaceId: S.id, SubnetId: S.id, VpcId: S.id },
  {
    AvailabilityZone: S.string,
    InterfaceType: S.string,
    Description: S.string,
    Groups: GROUP_REFS,
    PrivateIpAddress: S.address(4),
    PrivateIpAddresses: S.array(PRIVATE_IP),
    Ipv6Addresses: S.array(S.object({ Ipv6Address: S.address(6) }, { IsPrimaryIpv6: S.boolean })),
    Ipv4Prefixes: S.array(S.object({ Ipv4Prefix: S.cidr(4) })),
    Ipv6Prefixes: S.array(S.object({ Ipv6Prefix: S.cidr(6) })),
    Association: PUBLIC_ASSOCIATION,
    Attachment: S.object(
      {},
      {
        AttachmentId: S.string,
        InstanceId: S.id,
        InstanceOwnerId: S.string,
        DeviceIndex: S.integer(0, 1024),
        Status: S.string,
      },
    ),
    SourceDestCheck: S.boolean,
    Status: S.string,
    RequesterId: S.string,
    RequesterManaged: S.boolean,
    OwnerId: S.string,
    TagSet: TAGS,
  },
);

const INSTANCE: Shape = S.object(
  { InstanceId: S.id },
  {
    InstanceType: S.string,
    State: S.object({}, { Code: S.integer(0, 65535), Name: S.string }),
    SubnetId: S.id,
    VpcId: S.id,
    PrivateIpAddress: S.address(4),
    PublicIpAddress: S.address(4),
    Ipv6Address: S.address(6),
    SecurityGroups: GROUP_REFS,
    NetworkInterfaces: S.array(
      S.object(
        { NetworkInterfaceId: S.id },
        {
          SubnetId: S.id,
          VpcId: S.id,
          PrivateIpAddress: S.address(4),
          Groups: GROUP_REFS,
          SourceDestCheck: S.boolean,
        },
      ),
    ),
    SourceDestCheck: S.boolean,
    Tags: TAGS,
  },
);

const GATEWAY_ATTACHMENTS = S.array(S.object({ VpcId: S.id }, { State: S.string }));

const PEERING_VPC_INFO = S.object(
  {},
  {
    VpcId: S.id,
    OwnerId: S.string,
    Region: S.string,
    CidrBlock: S.cidr(4),
    CidrBlockSet: S.array(S.object({ CidrBlock: S.cidr(4) })),
    Ipv6CidrBlockSet: S.array(S.object({ Ipv6CidrBlock: S.cidr(6) })),
  },
);

export const PREFIX_LIST_ENTRY: Shape = S.object({ Cidr: S.cidr() }, { Description: S.string });

export const TRANSIT_GATEWAY_ROUTE: Shape = S.object(
  {},
  {
    DestinationCidrBlock: S.cidr(),
    PrefixListId: S.id,
    TransitGatewayAttachments: S.array(
      S.object({ TransitGatewayAttachmentId: S.id }, { ResourceId: S.string, ResourceType: S.string }),
    ),
    Type: S.string,
    State: S.string,
  },
);

export interface ListSpec {
  /** The field naming an item, for duplicate detection (a `Reservations` item may lack its `ReservationId`). */
  idField: string;
  shape: Shape;
}

export const LIST_SPECS: Readonly<Record<SnapshotListKey, ListSpec>> = {
  Vpcs: { idField: 'VpcId', shape: VPC },
  Subnets: { idField: 'SubnetId', shape: SUBNET },
  RouteTables: { idField: 'RouteTableId', shape: ROUTE_TABLE },
  NetworkAcls: { idField: 'NetworkAclId', shape: NETWORK_ACL },
  SecurityGroups: { idField: 'GroupId', shape: SECURITY_GROUP },
  SecurityGroupRules: { idField: 'SecurityGroupRuleId', shape: SECURITY_GROUP_RULE },
  NetworkInterfaces: { idField: 'NetworkInterfaceId', shape: NETWORK_INTERFACE },
  Reservations: {
    idField: 'ReservationId',
    shape: S.object({ Instances: S.array(INSTANCE) }, { ReservationId: S.id, OwnerId: S.string }),
  },
  InternetGateways: {
    idField: 'InternetGatewayId',
    shape: S.object({ InternetGatewayId: S.id }, { Attachments: GATEWAY_ATTACHMENTS, OwnerId: S.string, Tags: TAGS }),
  },
  EgressOnlyInternetGateways: {
    idField: 'EgressOnlyInternetGatewayId',
    shape: S.object({ EgressOnlyInternetGatewayId: S.id }, { Attachments: GATEWAY_ATTACHMENTS, Tags: TAGS }),
  },
  NatGateways: {
    idField: 'NatGatewayId',
    shape: S.object(
      { NatGatewayId: S.id, VpcId: S.id, SubnetId: S.id },
      {
        State: S.string,
        ConnectivityType: S.enumOf('public', 'private'),
        NatGatewayAddresses: S.array(
          S.object(
            {},
            {
              AllocationId: S.string,
              NetworkInterfaceId: S.id,
              PrivateIp: S.address(4),
              PublicIp: S.address(4),
              IsPrimary: S.boolean,
              Status: S.string,
            },
          ),
        ),
        Tags: TAGS,
      },
    ),
  },
  VpcPeeringConnections: {
    idField: 'VpcPeeringConnectionId',
    shape: S.object(
      { VpcPeeringConnectionId: S.id },
      {
        Status: S.object({}, { Code: S.string, Message: S.string }),
        AccepterVpcInfo: PEERING_VPC_INFO,
        RequesterVpcInfo: PEERING_VPC_INFO,
        Tags: TAGS,
      },
    ),
  },
  TransitGateways: {
    idField: 'TransitGatewayId',
    shape: S.object(
      { TransitGatewayId: S.id },
      {
        State: S.string,
        OwnerId: S.string,
        Options: S.object(
          {},
          {
            AmazonSideAsn: S.integer(0, 4294967295),
            DefaultRouteTableAssociation: S.string,
            DefaultRouteTablePropagation: S.string,
            AssociationDefaultRouteTableId: S.id,
            PropagationDefaultRouteTableId: S.id,
          },
        ),
        Tags: TAGS,
      },
    ),
  },
  TransitGatewayAttachments: {
    idField: 'TransitGatewayAttachmentId',
    shape: S.object(
      { TransitGatewayAttachmentId: S.id, TransitGatewayId: S.id },
      {
        TransitGatewayOwnerId: S.string,
        ResourceOwnerId: S.string,
        ResourceType: S.string,
        ResourceId: S.string,
        State: S.string,
        Association: S.object({}, { TransitGatewayRouteTableId: S.id, State: S.string }),
        Tags: TAGS,
      },
    ),
  },
  TransitGatewayVpcAttachments: {
    idField: 'TransitGatewayAttachmentId',
    shape: S.object(
      { TransitGatewayAttachmentId: S.id, TransitGatewayId: S.id, VpcId: S.id },
      { VpcOwnerId: S.string, State: S.string, SubnetIds: IDS, Tags: TAGS },
    ),
  },
  TransitGatewayRouteTables: {
    idField: 'TransitGatewayRouteTableId',
    shape: S.object(
      { TransitGatewayRouteTableId: S.id, TransitGatewayId: S.id },
      {
        State: S.string,
        DefaultAssociationRouteTable: S.boolean,
        DefaultPropagationRouteTable: S.boolean,
        Tags: TAGS,
      },
    ),
  },
  VpcEndpoints: {
    idField: 'VpcEndpointId',
    shape: S.object(
      { VpcEndpointId: S.id, VpcId: S.id },
      {
        VpcEndpointType: S.string,
        ServiceName: S.string,
        State: S.string,
        RouteTableIds: IDS,
        SubnetIds: IDS,
        Groups: GROUP_REFS,
        NetworkInterfaceIds: IDS,
        PolicyDocument: S.string,
        PrivateDnsEnabled: S.boolean,
        Tags: TAGS,
      },
    ),
  },
  PrefixLists: {
    idField: 'PrefixListId',
    shape: S.object(
      { PrefixListId: S.id },
      {
        PrefixListName: S.string,
        AddressFamily: S.string,
        State: S.string,
        MaxEntries: S.integer(0, 100000),
        Version: S.integer(0, Number.MAX_SAFE_INTEGER),
        OwnerId: S.string,
        Cidrs: S.array(S.cidr()),
        Tags: TAGS,
      },
    ),
  },
  FlowLogs: {
    idField: 'FlowLogId',
    shape: S.object(
      { FlowLogId: S.id, ResourceId: S.id },
      {
        TrafficType: S.enumOf('ACCEPT', 'REJECT', 'ALL'),
        FlowLogStatus: S.string,
        DeliverLogsStatus: S.string,
        LogDestinationType: S.string,
        LogDestination: S.string,
        LogGroupName: S.string,
        Tags: TAGS,
      },
    ),
  },
};
