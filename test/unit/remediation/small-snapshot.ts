/**
 * A small AWS-shaped account for remediation tests: one VPC with a public subnet (internet
 * gateway route) holding a web instance, a private subnet, one network ACL, a web security group
 * whose SSH permission mixes an internet source with a private range and a group reference, and
 * `describe-security-group-rules` rows for it.
 */
import { emptySnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';

export const VPC = 'vpc-0a1b2c3d4e5f60718';
export const PUBLIC_SUBNET = 'subnet-0aa11bb22cc33dd44';
export const PRIVATE_SUBNET = 'subnet-0ee55ff66aa77bb88';
export const WEB_SG = 'sg-0123456789abcdef0';
export const ADMIN_SG = 'sg-0fedcba9876543210';
export const DEFAULT_SG = 'sg-0d0d0d0d0d0d0d0d0';
export const ACL = 'acl-0123abcd4567ef890';
export const PUBLIC_RTB = 'rtb-0a0a0a0a0a0a0a0a0';
export const PRIVATE_RTB = 'rtb-0b0b0b0b0b0b0b0b0';
export const IGW = 'igw-0c0c0c0c0c0c0c0c0';
export const NAT = 'nat-0d0d0d0d0d0d0d0d0';
export const WEB_ENI = 'eni-0e0e0e0e0e0e0e0e0';
export const WEB_INSTANCE = 'i-0f0f0f0f0f0f0f0f0';
export const OWNER = '123456789012';

export function smallSnapshot(): Snapshot {
  const s = emptySnapshot();
  s.Vpcs = [{ VpcId: VPC, CidrBlock: '10.0.0.0/16', State: 'available', OwnerId: OWNER }];
  s.Subnets = [
    {
      SubnetId: PUBLIC_SUBNET,
      VpcId: VPC,
      CidrBlock: '10.0.1.0/24',
      MapPublicIpOnLaunch: true,
      AvailabilityZone: 'eu-west-1a',
    },
    {
      SubnetId: PRIVATE_SUBNET,
      VpcId: VPC,
      CidrBlock: '10.0.2.0/24',
      MapPublicIpOnLaunch: false,
      AvailabilityZone: 'eu-west-1a',
    },
  ];
  s.InternetGateways = [{ InternetGatewayId: IGW, Attachments: [{ VpcId: VPC, State: 'available' }] }];
  s.NatGateways = [
    {
      NatGatewayId: NAT,
      VpcId: VPC,
      SubnetId: PUBLIC_SUBNET,
      State: 'available',
      NatGatewayAddresses: [{ PrivateIp: '10.0.1.200', PublicIp: '52.30.0.200', IsPrimary: true }],
    },
  ];
  s.RouteTables = [
    {
      RouteTableId: PUBLIC_RTB,
      VpcId: VPC,
      Associations: [
        { RouteTableAssociationId: 'rtbassoc-0a1', RouteTableId: PUBLIC_RTB, SubnetId: PUBLIC_SUBNET, Main: false },
      ],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: IGW, Origin: 'CreateRoute', State: 'active' },
      ],
    },
    {
      RouteTableId: PRIVATE_RTB,
      VpcId: VPC,
      Associations: [{ RouteTableAssociationId: 'rtbassoc-0b1', RouteTableId: PRIVATE_RTB, Main: true }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: NAT, Origin: 'CreateRoute', State: 'active' },
      ],
    },
  ];
  s.NetworkAcls = [
    {
      NetworkAclId: ACL,
      VpcId: VPC,
      IsDefault: true,
      Associations: [
        { NetworkAclAssociationId: 'aclassoc-01', NetworkAclId: ACL, SubnetId: PUBLIC_SUBNET },
        { NetworkAclAssociationId: 'aclassoc-02', NetworkAclId: ACL, SubnetId: PRIVATE_SUBNET },
      ],
      Entries: [
        { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
        { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
        { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
        { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
      ],
    },
  ];
  s.SecurityGroups = [
    {
      GroupId: WEB_SG,
      GroupName: 'web',
      Description: 'web servers',
      VpcId: VPC,
      OwnerId: OWNER,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [
            { CidrIp: '0.0.0.0/0', Description: 'temporary debugging' },
            { CidrIp: '10.0.0.0/8', Description: 'corporate network' },
          ],
          UserIdGroupPairs: [{ GroupId: ADMIN_SG, UserId: OWNER }],
        },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    },
    {
      GroupId: ADMIN_SG,
      GroupName: 'admin',
      Description: 'admin hosts',
      VpcId: VPC,
      OwnerId: OWNER,
      IpPermissions: [],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    },
    {
      GroupId: DEFAULT_SG,
      GroupName: 'default',
      Description: 'default VPC security group',
      VpcId: VPC,
      OwnerId: OWNER,
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: DEFAULT_SG, UserId: OWNER }] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    },
  ];
  s.SecurityGroupRules = [
    {
      SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa1',
      GroupId: WEB_SG,
      GroupOwnerId: OWNER,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIpv4: '0.0.0.0/0',
      Description: 'temporary debugging',
    },
    {
      SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa2',
      GroupId: WEB_SG,
      GroupOwnerId: OWNER,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIpv4: '10.0.0.0/8',
      Description: 'corporate network',
    },
    {
      SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa3',
      GroupId: WEB_SG,
      GroupOwnerId: OWNER,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      ReferencedGroupInfo: { GroupId: ADMIN_SG, UserId: OWNER },
    },
    {
      SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa4',
      GroupId: WEB_SG,
      GroupOwnerId: OWNER,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      CidrIpv4: '0.0.0.0/0',
    },
    {
      SecurityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa5',
      GroupId: WEB_SG,
      GroupOwnerId: OWNER,
      IsEgress: true,
      IpProtocol: '-1',
      FromPort: -1,
      ToPort: -1,
      CidrIpv4: '0.0.0.0/0',
    },
  ];
  s.NetworkInterfaces = [
    {
      NetworkInterfaceId: WEB_ENI,
      SubnetId: PUBLIC_SUBNET,
      VpcId: VPC,
      InterfaceType: 'interface',
      Groups: [{ GroupId: WEB_SG, GroupName: 'web' }],
      PrivateIpAddress: '10.0.1.10',
      PrivateIpAddresses: [
        { PrivateIpAddress: '10.0.1.10', Primary: true, Association: { PublicIp: '52.30.0.10', IpOwnerId: 'amazon' } },
      ],
      Association: { PublicIp: '52.30.0.10', IpOwnerId: 'amazon' },
      Attachment: { InstanceId: WEB_INSTANCE, DeviceIndex: 0, Status: 'attached' },
      Status: 'in-use',
      TagSet: [{ Key: 'Role', Value: 'web' }],
    },
  ];
  s.Reservations = [
    {
      ReservationId: 'r-0a0a0a0a0a0a0a0a0',
      OwnerId: OWNER,
      Instances: [
        {
          InstanceId: WEB_INSTANCE,
          State: { Code: 16, Name: 'running' },
          SubnetId: PUBLIC_SUBNET,
          VpcId: VPC,
          PrivateIpAddress: '10.0.1.10',
          PublicIpAddress: '52.30.0.10',
          SecurityGroups: [{ GroupId: WEB_SG, GroupName: 'web' }],
          NetworkInterfaces: [{ NetworkInterfaceId: WEB_ENI, SubnetId: PUBLIC_SUBNET, VpcId: VPC }],
          Tags: [{ Key: 'Role', Value: 'web' }],
        },
      ],
    },
  ];
  return s;
}
