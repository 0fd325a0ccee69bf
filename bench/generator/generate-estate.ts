import type {
  FlowLog,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  Reservation,
  Route,
  RouteTable,
  Subnet,
  Tag,
  VpcEndpoint,
} from '../../lambdas/core/model/aws-types';
import { emptySnapshot, type Snapshot } from '../../lambdas/core/model/snapshot';
import { distribute } from './distribute';
import { EstateIds } from './estate-ids';
import { type EstateInput, type EstateOptions, resolveEstateOptions } from './estate-options';
import { Prng } from './prng';
import { generateSecurityGroups } from './security-groups';

const OWNER = '111122223333';
const REGION = 'eu-west-1';
const ZONES = [
  { name: 'eu-west-1a', id: 'euw1-az1' },
  { name: 'eu-west-1b', id: 'euw1-az2' },
  { name: 'eu-west-1c', id: 'euw1-az3' },
] as const;
const ENVIRONMENTS = ['production', 'staging', 'development', 'shared-services', 'sandbox'] as const;
/** The AWS-managed S3 prefix list of eu-west-1 and its published ranges. */
const S3_PREFIX_LIST = 'pl-6da54004';
const S3_CIDRS = ['3.5.64.0/21', '3.5.72.0/23', '52.92.0.0/17', '52.218.0.0/17'];

interface VpcPlan {
  id: string;
  index: number;
  cidr: string;
  environment: string;
  internetGatewayId?: string;
  natGatewayId?: string;
  subnets: SubnetPlan[];
  routeTableIds: string[];
}

interface SubnetPlan {
  id: string;
  vpc: VpcPlan;
  index: number;
  public: boolean;
  zone: (typeof ZONES)[number];
}

/**
 * A synthetic account at the size the options ask for (default: the `large` preset), shaped like
 * real `describe-*` output and internally consistent: every id a resource names exists. A fraction
 * of the security-group sources and ACL entries open things to the internet so the rules and the
 * reachability engine have real work to do.
 */
export function generateEstate(input: EstateInput = {}): Snapshot {
  const options = resolveEstateOptions(input);
  const prng = new Prng(options.seed);
  const ids = new EstateIds(options.seed);
  const snapshot = emptySnapshot();

  const vpcs = planVpcs(options, prng, ids);
  planSubnets(options, vpcs, ids);
  const natBudget = Math.min(
    options.networkInterfaces,
    vpcs.filter((v) => v.internetGatewayId && v.subnets.some((s) => !s.public)).length,
  );
  let nats = 0;
  for (const vpc of vpcs) {
    if (nats < natBudget && vpc.internetGatewayId && vpc.subnets.some((s) => !s.public)) {
      vpc.natGatewayId = ids.next('nat');
      nats++;
    }
  }

  addVpcs(snapshot, vpcs, prng, ids);
  const prefixListIds = addPrefixLists(snapshot, options, prng, ids);
  const peerings = addPeerings(snapshot, vpcs, options, ids);
  addRouteTables(snapshot, vpcs, options, peerings, prng, ids);
  addNetworkAcls(snapshot, vpcs, options, prng, ids);

  const generated = generateSecurityGroups(
    {
      vpcs,
      securityGroups: options.securityGroups,
      securityGroupRules: options.securityGroupRules,
      prefixListIds,
      riskyRuleFraction: options.riskyRuleFraction,
      owner: OWNER,
    },
    prng,
    ids,
  );
  snapshot.SecurityGroups = generated.groups;
  snapshot.SecurityGroupRules = generated.rules;

  addInterfaces(snapshot, vpcs, options, generated.groupsByVpc, generated.defaultGroupByVpc, nats, prng, ids);
  return snapshot;
}

function planVpcs(options: EstateOptions, prng: Prng, ids: EstateIds): VpcPlan[] {
  return Array.from({ length: options.vpcs }, (_, index) => ({
    id: ids.next('vpc'),
    index,
    cidr: `10.${index}.0.0/16`,
    environment: ENVIRONMENTS[index % ENVIRONMENTS.length] as string,
    // Most VPCs face the internet; the first always does so every estate has an edge.
    ...(index === 0 || prng.chance(0.7) ? { internetGatewayId: ids.next('igw') } : {}),
    subnets: [],
    routeTableIds: [],
  }));
}

function planSubnets(options: EstateOptions, vpcs: VpcPlan[], ids: EstateIds): void {
  const counts = distribute(options.subnets, vpcs.length);
  for (const vpc of vpcs) {
    const count = counts[vpc.index] ?? 0;
    const publicCount = vpc.internetGatewayId ? Math.max(1, Math.round(count / 4)) : 0;
    for (let index = 0; index < count; index++) {
      vpc.subnets.push({
        id: ids.next('subnet'),
        vpc,
        index,
        public: index < publicCount,
        zone: ZONES[index % ZONES.length] as (typeof ZONES)[number],
      });
    }
  }
}

function tags(name: string, environment: string): Tag[] {
  return [
    { Key: 'Name', Value: name },
    { Key: 'Environment', Value: environment },
  ];
}

function addVpcs(snapshot: Snapshot, vpcs: VpcPlan[], prng: Prng, ids: EstateIds): void {
  for (const vpc of vpcs) {
    snapshot.Vpcs.push({
      VpcId: vpc.id,
      CidrBlock: vpc.cidr,
      CidrBlockAssociationSet: [
        { AssociationId: ids.next('vpc-cidr-assoc'), CidrBlock: vpc.cidr, CidrBlockState: { State: 'associated' } },
      ],
      IsDefault: false,
      State: 'available',
      OwnerId: OWNER,
      InstanceTenancy: 'default',
      Tags: tags(`${vpc.environment}-${vpc.index}`, vpc.environment),
    });
    for (const s of vpc.subnets) {
      const subnet: Subnet = {
        SubnetId: s.id,
        VpcId: vpc.id,
        CidrBlock: `10.${vpc.index}.${s.index}.0/24`,
        AvailabilityZone: s.zone.name,
        AvailabilityZoneId: s.zone.id,
        MapPublicIpOnLaunch: s.public && prng.chance(0.3),
        AssignIpv6AddressOnCreation: false,
        DefaultForAz: false,
        State: 'available',
        OwnerId: OWNER,
        SubnetArn: `arn:aws:ec2:${REGION}:${OWNER}:subnet/${s.id}`,
        AvailableIpAddressCount: 251,
        Tags: tags(`${vpc.environment}-${s.public ? 'public' : 'private'}-${s.index}`, vpc.environment),
      };
      snapshot.Subnets.push(subnet);
    }
    if (vpc.internetGatewayId) {
      snapshot.InternetGateways.push({
        InternetGatewayId: vpc.internetGatewayId,
        Attachments: [{ VpcId: vpc.id, State: 'available' }],
        OwnerId: OWNER,
        Tags: tags(`${vpc.environment}-${vpc.index}-igw`, vpc.environment),
      });
    }
    const traffic = prng.next();
    if (traffic < 0.85) {
      const flowLog: FlowLog = {
        FlowLogId: ids.next('fl'),
        ResourceId: vpc.id,
        TrafficType: traffic < 0.75 ? 'ALL' : 'REJECT',
        FlowLogStatus: 'ACTIVE',
        DeliverLogsStatus: 'SUCCESS',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: `/vpc/flow-logs/${vpc.id}`,
        CreationTime: '2025-01-15T10:00:00.000000+00:00',
      };
      snapshot.FlowLogs.push(flowLog);
    }
  }
}

function addPrefixLists(snapshot: Snapshot, options: EstateOptions, prng: Prng, ids: EstateIds): string[] {
  const listIds: string[] = [];
  for (let k = 0; k < options.prefixLists; k++) {
    const id = ids.next('pl');
    listIds.push(id);
    const entries = Array.from({ length: prng.int(2, 8) }, (_, e) => ({
      Cidr: `10.${(k * 7 + e) % 250}.${e}.0/24`,
      Description: `range ${e}`,
    }));
    if (prng.chance(options.riskyRuleFraction * 5)) entries.push({ Cidr: '0.0.0.0/0', Description: 'temporary' });
    snapshot.PrefixLists.push({
      PrefixListId: id,
      PrefixListName: `generated-list-${k}`,
      AddressFamily: 'IPv4',
      State: 'create-complete',
      MaxEntries: 10,
      Version: 1,
      OwnerId: OWNER,
    });
    snapshot.PrefixListEntries[id] = entries;
  }
  return listIds;
}

function addPeerings(
  snapshot: Snapshot,
  vpcs: VpcPlan[],
  options: EstateOptions,
  ids: EstateIds,
): [VpcPlan, VpcPlan, string][] {
  const pairs: [VpcPlan, VpcPlan, string][] = [];
  // Neighbours first, then ever more distant pairs: a deterministic, spread-out set of pairs.
  for (let distance = 1; distance < vpcs.length && pairs.length < options.peeringConnections; distance++) {
    for (let a = 0; a + distance < vpcs.length && pairs.length < options.peeringConnections; a++) {
      const requester = vpcs[a] as VpcPlan;
      const accepter = vpcs[a + distance] as VpcPlan;
      const id = ids.next('pcx');
      pairs.push([requester, accepter, id]);
      const info = (v: VpcPlan) => ({
        VpcId: v.id,
        OwnerId: OWNER,
        Region: REGION,
        CidrBlock: v.cidr,
        CidrBlockSet: [{ CidrBlock: v.cidr }],
      });
      snapshot.VpcPeeringConnections.push({
        VpcPeeringConnectionId: id,
        Status: { Code: 'active', Message: 'Active' },
        RequesterVpcInfo: info(requester),
        AccepterVpcInfo: info(accepter),
        Tags: [{ Key: 'Name', Value: `${requester.environment}-${requester.index}-to-${accepter.index}` }],
      });
    }
  }
  return pairs;
}

function addRouteTables(
  snapshot: Snapshot,
  vpcs: VpcPlan[],
  options: EstateOptions,
  peerings: readonly [VpcPlan, VpcPlan, string][],
  prng: Prng,
  ids: EstateIds,
): void {
  const extra = distribute(options.routeTables - vpcs.length, vpcs.length);
  for (const vpc of vpcs) {
    const local: Route = {
      DestinationCidrBlock: vpc.cidr,
      GatewayId: 'local',
      Origin: 'CreateRouteTable',
      State: 'active',
    };
    const peerRoutes: Route[] = peerings
      .filter(([a, b]) => a === vpc || b === vpc)
      .map(([a, b, id]) => ({
        DestinationCidrBlock: (a === vpc ? b : a).cidr,
        VpcPeeringConnectionId: id,
        Origin: 'CreateRoute',
        State: 'active',
      }));
    const mainId = ids.next('rtb');
    vpc.routeTableIds.push(mainId);
    const tables: RouteTable[] = [
      {
        RouteTableId: mainId,
        VpcId: vpc.id,
        Associations: [
          {
            Main: true,
            RouteTableAssociationId: ids.next('rtbassoc'),
            RouteTableId: mainId,
            AssociationState: { State: 'associated' },
          },
        ],
        Routes: [local],
        PropagatingVgws: [],
        OwnerId: OWNER,
        Tags: tags(`${vpc.environment}-${vpc.index}-main`, vpc.environment),
      },
    ];
    const count = extra[vpc.index] ?? 0;
    const publicTable = vpc.internetGatewayId && count > 0;
    const privateTables: RouteTable[] = [];
    for (let k = 0; k < count; k++) {
      const id = ids.next('rtb');
      vpc.routeTableIds.push(id);
      const isPublic = publicTable && k === 0;
      const routes: Route[] = [local, ...peerRoutes];
      if (isPublic) {
        routes.push({
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: vpc.internetGatewayId,
          Origin: 'CreateRoute',
          State: 'active',
        });
      } else if (vpc.natGatewayId) {
        routes.push({
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: vpc.natGatewayId,
          Origin: 'CreateRoute',
          State: 'active',
        });
      }
      const table: RouteTable = {
        RouteTableId: id,
        VpcId: vpc.id,
        Associations: [],
        Routes: routes,
        PropagatingVgws: [],
        OwnerId: OWNER,
        Tags: tags(`${vpc.environment}-${vpc.index}-${isPublic ? 'public' : `private-${k}`}`, vpc.environment),
      };
      tables.push(table);
      if (!isPublic) privateTables.push(table);
    }
    const publicRt = publicTable ? tables[1] : undefined;
    let next = 0;
    for (const subnet of vpc.subnets) {
      // Subnets without a table of their kind stay on the main table, as many real subnets do.
      const table = subnet.public ? publicRt : privateTables[next++ % Math.max(privateTables.length, 1)];
      table?.Associations?.push({
        Main: false,
        RouteTableAssociationId: ids.next('rtbassoc'),
        RouteTableId: table.RouteTableId,
        SubnetId: subnet.id,
        AssociationState: { State: 'associated' },
      });
    }
    if (privateTables.length > 0 && prng.chance(0.5)) {
      const endpoint: VpcEndpoint = {
        VpcEndpointId: ids.next('vpce'),
        VpcEndpointType: 'Gateway',
        VpcId: vpc.id,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        State: 'available',
        RouteTableIds: privateTables.map((t) => t.RouteTableId),
        SubnetIds: [],
        Groups: [],
        NetworkInterfaceIds: [],
        PrivateDnsEnabled: false,
      };
      snapshot.VpcEndpoints.push(endpoint);
      for (const table of privateTables) {
        table.Routes?.push({
          DestinationPrefixListId: S3_PREFIX_LIST,
          GatewayId: endpoint.VpcEndpointId,
          Origin: 'CreateRoute',
          State: 'active',
        });
      }
    }
    snapshot.RouteTables.push(...tables);
  }
  if (snapshot.VpcEndpoints.length > 0) {
    snapshot.PrefixLists.push({
      PrefixListId: S3_PREFIX_LIST,
      PrefixListName: `com.amazonaws.${REGION}.s3`,
      AddressFamily: 'IPv4',
      State: 'create-complete',
      OwnerId: 'AWS',
    });
    snapshot.PrefixListEntries[S3_PREFIX_LIST] = S3_CIDRS.map((Cidr) => ({ Cidr }));
  }
}

function entry(
  ruleNumber: number,
  egress: boolean,
  protocol: string,
  action: 'allow' | 'deny',
  cidr: string,
  ports?: [number, number],
): NetworkAclEntry {
  return {
    RuleNumber: ruleNumber,
    Protocol: protocol,
    RuleAction: action,
    Egress: egress,
    CidrBlock: cidr,
    ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
  };
}

function addNetworkAcls(snapshot: Snapshot, vpcs: VpcPlan[], options: EstateOptions, prng: Prng, ids: EstateIds): void {
  const extra = distribute(options.networkAcls - vpcs.length, vpcs.length);
  for (const vpc of vpcs) {
    const allowAll = (egress: boolean) => [
      entry(100, egress, '-1', 'allow', '0.0.0.0/0'),
      entry(32767, egress, '-1', 'deny', '0.0.0.0/0'),
    ];
    const acls: NetworkAcl[] = [
      {
        NetworkAclId: ids.next('acl'),
        VpcId: vpc.id,
        IsDefault: true,
        Entries: [...allowAll(true), ...allowAll(false)],
        Associations: [],
        OwnerId: OWNER,
        Tags: [],
      },
    ];
    for (let k = 0; k < (extra[vpc.index] ?? 0); k++) {
      const inbound = [
        entry(100, false, '6', 'allow', '0.0.0.0/0', [443, 443]),
        entry(110, false, '6', 'allow', '0.0.0.0/0', [80, 80]),
        entry(120, false, '6', 'allow', '0.0.0.0/0', [1024, 65535]),
        entry(130, false, '-1', 'allow', vpc.cidr),
        entry(32767, false, '-1', 'deny', '0.0.0.0/0'),
      ];
      if (prng.chance(options.riskyRuleFraction * 10))
        inbound.push(entry(115, false, '6', 'allow', '0.0.0.0/0', [22, 22]));
      if (prng.chance(0.2)) inbound.push(entry(90, false, '6', 'deny', '0.0.0.0/0', [3389, 3389]));
      acls.push({
        NetworkAclId: ids.next('acl'),
        VpcId: vpc.id,
        IsDefault: false,
        Entries: [...allowAll(true), ...inbound],
        Associations: [],
        OwnerId: OWNER,
        Tags: tags(`${vpc.environment}-${vpc.index}-acl-${k}`, vpc.environment),
      });
    }
    for (const subnet of vpc.subnets) {
      // Every other subnet keeps the default ACL; the rest share the custom ones.
      const acl =
        acls.length > 1 && subnet.index % 2 === 1 ? acls[1 + (((subnet.index - 1) / 2) % (acls.length - 1))] : acls[0];
      acl?.Associations?.push({
        NetworkAclAssociationId: ids.next('aclassoc'),
        NetworkAclId: acl.NetworkAclId,
        SubnetId: subnet.id,
      });
    }
    snapshot.NetworkAcls.push(...acls);
  }
}

function addInterfaces(
  snapshot: Snapshot,
  vpcs: VpcPlan[],
  options: EstateOptions,
  groupsByVpc: Map<string, string[]>,
  defaultGroupByVpc: Map<string, string>,
  natCount: number,
  prng: Prng,
  ids: EstateIds,
): void {
  const subnets = vpcs.flatMap((v) => v.subnets);
  const hostOf = new Map<string, number>();
  const nextAddress = (subnet: SubnetPlan): string => {
    const host = (hostOf.get(subnet.id) ?? 9) + 1;
    hostOf.set(subnet.id, host);
    return `10.${subnet.vpc.index}.${subnet.index}.${host}`;
  };
  let publicCounter = 0;
  const nextPublicIp = (): string => {
    const n = publicCounter++;
    return `52.${16 + ((n >>> 16) & 63)}.${(n >>> 8) & 255}.${n & 255}`;
  };
  const base = (subnet: SubnetPlan, address: string): NetworkInterface => ({
    NetworkInterfaceId: ids.next('eni'),
    SubnetId: subnet.id,
    VpcId: subnet.vpc.id,
    AvailabilityZone: subnet.zone.name,
    InterfaceType: 'interface',
    Description: '',
    Groups: [],
    PrivateIpAddress: address,
    PrivateIpAddresses: [{ PrivateIpAddress: address, Primary: true }],
    Ipv6Addresses: [],
    SourceDestCheck: true,
    Status: 'in-use',
    RequesterManaged: false,
    OwnerId: OWNER,
    TagSet: [],
  });

  for (const vpc of vpcs) {
    const natSubnet = vpc.subnets.find((s) => s.public);
    if (!vpc.natGatewayId || !natSubnet) continue;
    const address = nextAddress(natSubnet);
    const publicIp = nextPublicIp();
    const eni: NetworkInterface = {
      ...base(natSubnet, address),
      InterfaceType: 'nat_gateway',
      Description: `Interface for NAT Gateway ${vpc.natGatewayId}`,
      Association: { PublicIp: publicIp, IpOwnerId: OWNER },
      SourceDestCheck: false,
      RequesterManaged: true,
    };
    eni.PrivateIpAddresses = [
      { PrivateIpAddress: address, Primary: true, Association: { PublicIp: publicIp, IpOwnerId: OWNER } },
    ];
    snapshot.NetworkInterfaces.push(eni);
    snapshot.NatGateways.push({
      NatGatewayId: vpc.natGatewayId,
      VpcId: vpc.id,
      SubnetId: natSubnet.id,
      State: 'available',
      ConnectivityType: 'public',
      NatGatewayAddresses: [
        {
          AllocationId: ids.next('eipalloc'),
          NetworkInterfaceId: eni.NetworkInterfaceId,
          PrivateIp: address,
          PublicIp: publicIp,
          IsPrimary: true,
          Status: 'succeeded',
        },
      ],
      Tags: tags(`${vpc.environment}-${vpc.index}-nat`, vpc.environment),
    });
  }

  const perSubnet = distribute(options.networkInterfaces - natCount, subnets.length);
  const roundRobin = new Map<string, number>();
  subnets.forEach((subnet, s) => {
    const vpcGroups = groupsByVpc.get(subnet.vpc.id) ?? [];
    const fallback = defaultGroupByVpc.get(subnet.vpc.id);
    for (let k = 0; k < (perSubnet[s] ?? 0); k++) {
      const address = nextAddress(subnet);
      const eni = base(subnet, address);
      // Round-robin first so nearly every group is worn by someone; a second group now and then.
      const turn = roundRobin.get(subnet.vpc.id) ?? 0;
      roundRobin.set(subnet.vpc.id, turn + 1);
      const first = vpcGroups.length > 0 ? vpcGroups[turn % vpcGroups.length] : fallback;
      const groupIds = new Set(first ? [first] : []);
      if (vpcGroups.length > 1 && prng.chance(0.3)) groupIds.add(prng.pick(vpcGroups));
      eni.Groups = [...groupIds].map((GroupId) => ({ GroupId }));
      if (subnet.public && prng.chance(0.4)) {
        const association = { PublicIp: nextPublicIp(), IpOwnerId: 'amazon' };
        eni.Association = association;
        eni.PrivateIpAddresses = [{ PrivateIpAddress: address, Primary: true, Association: association }];
      }
      const role = !subnet.public && prng.chance(0.15) ? 'lambda' : 'instance';
      if (role === 'lambda') {
        eni.InterfaceType = 'lambda';
        eni.Description = `AWS Lambda VPC ENI-function-${s}-${k}`;
        eni.RequesterManaged = true;
      } else if (prng.chance(0.8)) {
        attachInstance(snapshot, eni, subnet, ids);
      }
      eni.TagSet = tags(`${subnet.vpc.environment}-${role}-${s}-${k}`, subnet.vpc.environment);
      snapshot.NetworkInterfaces.push(eni);
    }
  });
}

function attachInstance(snapshot: Snapshot, eni: NetworkInterface, subnet: SubnetPlan, ids: EstateIds): void {
  const instanceId = ids.next('i');
  eni.Attachment = {
    AttachmentId: ids.next('eni-attach'),
    InstanceId: instanceId,
    InstanceOwnerId: OWNER,
    DeviceIndex: 0,
    Status: 'attached',
  };
  const groups = eni.Groups ?? [];
  const reservation: Reservation = {
    ReservationId: ids.next('r'),
    OwnerId: OWNER,
    Instances: [
      {
        InstanceId: instanceId,
        InstanceType: 'm6i.large',
        State: { Code: 16, Name: 'running' },
        SubnetId: subnet.id,
        VpcId: subnet.vpc.id,
        ...(eni.PrivateIpAddress ? { PrivateIpAddress: eni.PrivateIpAddress } : {}),
        ...(eni.Association?.PublicIp ? { PublicIpAddress: eni.Association.PublicIp } : {}),
        SecurityGroups: groups,
        NetworkInterfaces: [
          {
            NetworkInterfaceId: eni.NetworkInterfaceId,
            SubnetId: subnet.id,
            VpcId: subnet.vpc.id,
            ...(eni.PrivateIpAddress ? { PrivateIpAddress: eni.PrivateIpAddress } : {}),
            Groups: groups,
            SourceDestCheck: true,
            Attachment: { DeviceIndex: 0, Status: 'attached' },
          },
        ],
        SourceDestCheck: true,
        Placement: { AvailabilityZone: subnet.zone.name },
        Tags: tags(`${subnet.vpc.environment}-instance-${instanceId}`, subnet.vpc.environment),
      },
    ],
  };
  snapshot.Reservations.push(reservation);
}
