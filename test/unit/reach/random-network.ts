/**
 * fast-check arbitraries for small AWS-shaped networks and packets: two VPCs (A with two subnets,
 * B with one), an internet gateway, a peering connection, random security groups, network ACLs and
 * routes drawn from pools that make collisions (overlaps, ties, ephemeral ranges) likely.
 */
import fc from 'fast-check';
import type { IpPermission, NetworkAclEntry, Route } from '../../../lambdas/core/model/aws-types';
import { emptySnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';
import type { NaivePacket } from './naive-evaluator';

export const ENIS = ['eni-0a0000000000000a1', 'eni-0a0000000000000a2', 'eni-0b0000000000000b1'] as const;
const GROUPS = ['sg-0a0000000000000a1', 'sg-0a0000000000000a2', 'sg-0b0000000000000b1'] as const;
const SUBNETS = ['subnet-0a000000000000a1', 'subnet-0a000000000000a2', 'subnet-0b000000000000b1'] as const;
const VPC_A = 'vpc-0a00000000000000a';
const VPC_B = 'vpc-0b00000000000000b';
const IGW = 'igw-0a00000000000000a';
const PCX = 'pcx-0ab000000000000ab';
export const NAT = 'nat-0a000000000000001';
const PRIVATE_IPS = ['10.0.1.10', '10.0.2.10', '10.1.1.10'] as const;
const PUBLIC_IPS = ['54.0.0.1', '54.0.0.2'] as const;

export const CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/16',
  '10.0.1.0/24',
  '10.0.2.10/32',
  '10.1.0.0/16',
  '54.0.0.0/8',
  '8.8.8.0/24',
];
export const INTERNET_ADDRESSES = ['8.8.8.8', '54.1.1.1'];
const PORT_RANGES: [number, number][] = [
  [22, 22],
  [80, 80],
  [443, 443],
  [0, 1023],
  [1024, 65535],
  [32768, 60999],
  [0, 65535],
  [1000, 2000],
];

const protocolArb = fc.constantFrom('tcp', 'udp', '-1');

export const sgRuleArb: fc.Arbitrary<IpPermission> = fc
  .record({
    protocol: protocolArb,
    ports: fc.constantFrom(...PORT_RANGES),
    source: fc.oneof(
      fc.constantFrom(...CIDRS).map((c) => ({ cidr: c })),
      fc.constantFrom(...GROUPS).map((g) => ({ group: g })),
    ),
  })
  .map(({ protocol, ports, source }) => {
    const p: IpPermission = { IpProtocol: protocol, IpRanges: [], UserIdGroupPairs: [] };
    if (protocol !== '-1') {
      p.FromPort = ports[0];
      p.ToPort = ports[1];
    }
    if ('cidr' in source) p.IpRanges = [{ CidrIp: source.cidr }];
    else p.UserIdGroupPairs = [{ GroupId: source.group }];
    return p;
  });

export const aclEntryArb = (egress: boolean): fc.Arbitrary<NetworkAclEntry> =>
  fc
    .record({
      n: fc.integer({ min: 1, max: 40 }),
      allow: fc.boolean(),
      protocol: fc.constantFrom('6', '17', '-1'),
      ports: fc.constantFrom(...PORT_RANGES),
      cidr: fc.constantFrom(...CIDRS),
    })
    .map(({ n, allow, protocol, ports, cidr }) => {
      const e: NetworkAclEntry = {
        RuleNumber: n * 10,
        Protocol: protocol,
        RuleAction: allow ? 'allow' : 'deny',
        Egress: egress,
        CidrBlock: cidr,
      };
      if (protocol !== '-1') e.PortRange = { From: ports[0], To: ports[1] };
      return e;
    });

/** Entries with unique rule numbers per direction (as AWS enforces). */
const aclArb = fc
  .tuple(fc.array(aclEntryArb(false), { maxLength: 3 }), fc.array(aclEntryArb(true), { maxLength: 3 }))
  .map(([inbound, outbound]) => {
    const unique = (list: NetworkAclEntry[]) =>
      list.filter((e, i) => list.findIndex((x) => x.RuleNumber === e.RuleNumber) === i);
    return [...unique(inbound), ...unique(outbound)];
  });

type RouteChoice = 'none' | 'igw' | 'pcx' | 'blackhole' | 'nat';

/** Mostly true: random networks must be open often enough for reachable flows to be compared too. */
const likely = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 });

const routeTo = (usual: RouteChoice) =>
  fc.oneof(
    { arbitrary: fc.constant<RouteChoice>(usual), weight: 6 },
    { arbitrary: fc.constantFrom<RouteChoice>('none', 'igw', 'pcx', 'blackhole'), weight: 2 },
  );

const OPEN_RULE: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], UserIdGroupPairs: [] };

/** A group's rules: often an allow-all first, then random rules. */
const groupRulesArb = fc
  .tuple(
    fc.oneof({ arbitrary: fc.constant(true), weight: 1 }, { arbitrary: fc.constant(false), weight: 1 }),
    fc.array(sgRuleArb, { maxLength: 3 }),
  )
  .map(([open, rules]) => (open ? [OPEN_RULE, ...rules] : rules));

export interface NetworkShape {
  igwAttached: boolean;
  peeringActive: boolean;
  /** The NAT gateway in A1 is public (else private). */
  natPublic: boolean;
  publicA1: boolean;
  publicA2: boolean;
  ingress: IpPermission[][];
  egress: IpPermission[][];
  acls: NetworkAclEntry[][];
  openAcl: boolean[];
  /** Per subnet: default route, route to the other VPC, more-specific /24 override. */
  defaultRoute: RouteChoice[];
  peerRoute: RouteChoice[];
  specificRoute: RouteChoice[];
}

export const networkArb: fc.Arbitrary<NetworkShape> = fc.record({
  igwAttached: likely,
  peeringActive: likely,
  natPublic: likely,
  publicA1: likely,
  publicA2: fc.boolean(),
  ingress: fc.array(groupRulesArb, { minLength: 3, maxLength: 3 }),
  egress: fc.array(groupRulesArb, { minLength: 3, maxLength: 3 }),
  acls: fc.array(aclArb, { minLength: 3, maxLength: 3 }),
  openAcl: fc.array(likely, { minLength: 3, maxLength: 3 }),
  // Only A2 may send its default route to the NAT gateway (which sits in A1).
  defaultRoute: fc.tuple(routeTo('igw'), fc.oneof(routeTo('igw'), routeTo('nat')), routeTo('none')),
  peerRoute: fc.tuple(routeTo('pcx'), routeTo('pcx'), routeTo('pcx')),
  specificRoute: fc.tuple(routeTo('none'), routeTo('none'), routeTo('none')),
});

function target(choice: Exclude<RouteChoice, 'none'>): Partial<Route> {
  if (choice === 'igw') return { GatewayId: IGW, State: 'active' };
  if (choice === 'pcx') return { VpcPeeringConnectionId: PCX, State: 'active' };
  if (choice === 'nat') return { NatGatewayId: NAT, State: 'active' };
  return { NatGatewayId: 'nat-0dead00000000beef', State: 'blackhole' };
}

export function buildSnapshot(n: NetworkShape): Snapshot {
  const s = emptySnapshot();
  s.Vpcs = [
    { VpcId: VPC_A, CidrBlock: '10.0.0.0/16', State: 'available' },
    { VpcId: VPC_B, CidrBlock: '10.1.0.0/16', State: 'available' },
  ];
  const cidrs = ['10.0.1.0/24', '10.0.2.0/24', '10.1.1.0/24'];
  const vpcs = [VPC_A, VPC_A, VPC_B];
  s.Subnets = SUBNETS.map((id, i) => ({
    SubnetId: id,
    VpcId: vpcs[i]!,
    CidrBlock: cidrs[i]!,
    AvailabilityZone: 'eu-west-1a',
  }));
  s.InternetGateways = [
    { InternetGatewayId: IGW, Attachments: n.igwAttached ? [{ VpcId: VPC_A, State: 'available' }] : [] },
  ];
  s.VpcPeeringConnections = [
    {
      VpcPeeringConnectionId: PCX,
      Status: { Code: n.peeringActive ? 'active' : 'pending-acceptance' },
      RequesterVpcInfo: { VpcId: VPC_A, CidrBlock: '10.0.0.0/16', Region: 'eu-west-1' },
      AccepterVpcInfo: { VpcId: VPC_B, CidrBlock: '10.1.0.0/16', Region: 'eu-west-1' },
    },
  ];
  s.RouteTables = SUBNETS.map((subnetId, i) => {
    const local = i < 2 ? '10.0.0.0/16' : '10.1.0.0/16';
    const peer = i < 2 ? '10.1.0.0/16' : '10.0.0.0/16';
    const specific = i < 2 ? '10.1.1.0/24' : '10.0.1.0/24';
    const routes: Route[] = [
      { DestinationCidrBlock: local, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
    ];
    const add = (cidr: string, choice: RouteChoice) => {
      if (choice !== 'none') routes.push({ DestinationCidrBlock: cidr, Origin: 'CreateRoute', ...target(choice) });
    };
    add('0.0.0.0/0', n.defaultRoute[i]!);
    add(peer, n.peerRoute[i]!);
    add(specific, n.specificRoute[i]!);
    return {
      RouteTableId: `rtb-0${i}000000000000000`,
      VpcId: vpcs[i]!,
      Associations: [{ RouteTableId: `rtb-0${i}000000000000000`, SubnetId: subnetId, Main: false }],
      Routes: routes,
    };
  });
  s.NetworkAcls = SUBNETS.map((subnetId, i) => {
    const open: NetworkAclEntry[] = n.openAcl[i]
      ? [
          { RuleNumber: 1000, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
          { RuleNumber: 1000, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
        ]
      : [];
    return {
      NetworkAclId: `acl-0${i}000000000000000`,
      VpcId: vpcs[i]!,
      IsDefault: false,
      Entries: [...n.acls[i]!, ...open],
      Associations: [{ SubnetId: subnetId, NetworkAclId: `acl-0${i}000000000000000` }],
    };
  });
  s.SecurityGroups = GROUPS.map((id, i) => ({
    GroupId: id,
    GroupName: `g${i}`,
    VpcId: vpcs[i]!,
    IpPermissions: n.ingress[i]!,
    IpPermissionsEgress: n.egress[i]!,
  }));
  s.NatGateways = [
    {
      NatGatewayId: NAT,
      VpcId: VPC_A,
      SubnetId: SUBNETS[0],
      State: 'available',
      ConnectivityType: n.natPublic ? 'public' : 'private',
      NatGatewayAddresses: [
        { PrivateIp: '10.0.1.99', IsPrimary: true, ...(n.natPublic ? { PublicIp: '54.0.0.99' } : {}) },
      ],
    },
  ];
  const publics = [n.publicA1, n.publicA2, false];
  s.NetworkInterfaces = ENIS.map((id, i) => {
    const ip = PRIVATE_IPS[i]!;
    const pub = publics[i] ? PUBLIC_IPS[i] : undefined;
    return {
      NetworkInterfaceId: id,
      SubnetId: SUBNETS[i]!,
      VpcId: vpcs[i]!,
      InterfaceType: 'interface',
      Groups: [{ GroupId: GROUPS[i]! }],
      PrivateIpAddress: ip,
      PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true, ...(pub ? { Association: { PublicIp: pub } } : {}) }],
      ...(pub ? { Association: { PublicIp: pub } } : {}),
      SourceDestCheck: true,
    };
  });
  return s;
}

export const packetArb: fc.Arbitrary<NaivePacket> = fc
  .record({
    from: fc.constantFrom('internet', ...ENIS),
    to: fc.constantFrom('internet', ...ENIS),
    protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
    port: fc.constantFrom(22, 80, 443, 1500, 5000),
    sourcePort: fc.constantFrom(1500, 33000, 50000, 61000),
    internetAddress: fc.constantFrom(...INTERNET_ADDRESSES),
  })
  .filter((p) => p.from !== p.to);
