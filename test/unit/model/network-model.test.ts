import type { NetworkInterface, SecurityGroup, Subnet } from '../../../lambdas/core/model/aws-types';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import { emptySnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';
import { readSnapshotPath } from '../../../lambdas/local/snapshot-folder';
import { NESTED_FIXTURE } from './fixture-paths';

describe('NetworkModel', () => {
  let snapshot: Snapshot;
  let model: NetworkModel;

  beforeAll(async () => {
    snapshot = (await readSnapshotPath(NESTED_FIXTURE)).snapshot;
    model = NetworkModel.build(snapshot);
  });

  it('looks resources up by id and answers undefined for an unknown id', () => {
    // Prepare
    const ids = ['vpc-11111111', 'subnet-aaaa1111', 'sg-0a0a0a0a', 'eni-01010101', 'i-0f0f0f0f', 'nat-7c7c7c7c'];

    // Act
    const found = [
      model.vpc(ids[0] ?? '')?.VpcId,
      model.subnet(ids[1] ?? '')?.SubnetId,
      model.securityGroup(ids[2] ?? '')?.GroupId,
      model.networkInterface(ids[3] ?? '')?.NetworkInterfaceId,
      model.instance(ids[4] ?? '')?.InstanceId,
      model.natGateway(ids[5] ?? '')?.NatGatewayId,
    ];

    // Assess
    expect(found).toEqual(ids);
    expect(model.vpc('vpc-99999999')).toBeUndefined();
    expect(model.transitGatewayRouteTable('tgw-rtb-0abc1234')?.TransitGatewayId).toBe('tgw-9e9e9e9e');
    expect(model.prefixList('constructor')).toBeUndefined();
  });

  it('uses the explicit route table of a subnet, else the main table of its VPC', () => {
    // Prepare
    const explicit = 'subnet-aaaa1111';
    const implicit = 'subnet-bbbb2222';

    // Act
    const explicitTable = model.routeTableForSubnet(explicit);
    const implicitTable = model.routeTableForSubnet(implicit);

    // Assess
    expect(explicitTable?.RouteTableId).toBe('rtb-2b2b2b2b');
    expect(implicitTable?.RouteTableId).toBe('rtb-1a1a1a1a');
    expect(model.hasExplicitRouteTable(explicit)).toBe(true);
    expect(model.hasExplicitRouteTable(implicit)).toBe(false);
    expect(model.routeTableForSubnet('subnet-cccc3333')?.RouteTableId).toBe('rtb-3c3c3c3c');
    expect(model.subnetsUsingRouteTable('rtb-1a1a1a1a').map((s) => s.SubnetId)).toEqual([implicit]);
    expect(model.routeTableForSubnet('subnet-unknown')).toBeUndefined();
  });

  it('uses the associated network ACL of a subnet, else the default ACL of its VPC', () => {
    // Prepare
    const associated = 'subnet-aaaa1111';
    const unassociated = 'subnet-bbbb2222';

    // Act
    const associatedAcl = model.networkAclForSubnet(associated);
    const defaultAcl = model.networkAclForSubnet(unassociated);

    // Assess
    expect(associatedAcl?.NetworkAclId).toBe('acl-2e2e2e2e');
    expect(defaultAcl?.NetworkAclId).toBe('acl-1d1d1d1d');
    expect(model.subnetsUsingNetworkAcl('acl-1d1d1d1d').map((s) => s.SubnetId)).toEqual([unassociated]);
  });

  it('finds ENIs by subnet, instance, group and address (private, secondary, public, IPv6, delegated prefix)', () => {
    // Prepare
    const ids = (list: NetworkInterface[] | undefined) => list?.map((e) => e.NetworkInterfaceId);

    // Act
    const byAddress = ['10.0.1.10', '10.0.1.11', '54.170.1.10', '2600:1f18:1234:5601:0:0:0:10', '10.0.2.70'].map(
      (ip) => model.interfaceByAddress(ip)?.NetworkInterfaceId,
    );

    // Assess
    expect(ids(model.interfacesWithGroup('sg-0a0a0a0a'))).toEqual(['eni-01010101', 'eni-02020202']);
    expect(ids(model.interfacesInSubnet('subnet-aaaa1111'))).toEqual(['eni-01010101', 'eni-02020202', 'eni-04040404']);
    expect(ids(model.interfacesOfInstance('i-0f0f0f0f'))).toEqual(['eni-01010101']);
    expect(byAddress).toEqual(['eni-01010101', 'eni-01010101', 'eni-01010101', 'eni-01010101', 'eni-03030303']);
    expect(model.interfaceByAddress('10.0.9.9')).toBeUndefined();
    expect(model.interfaceByAddress('not-an-ip')).toBeUndefined();
    expect(model.interfacesWithGroup('sg-0d0d0d0d')).toEqual([]);
  });

  it('lists an ENI addresses by kind, primary first, without duplicates', () => {
    // Prepare
    const eniId = 'eni-01010101';

    // Act
    const addresses = model.interfaceAddresses(eniId);

    // Assess
    expect(addresses).toEqual({
      privateIpv4: ['10.0.1.10', '10.0.1.11'],
      publicIpv4: ['54.170.1.10'],
      ipv6: ['2600:1f18:1234:5601::10'],
    });
    expect(model.interfaceAddresses('eni-unknown')).toEqual({ privateIpv4: [], publicIpv4: [], ipv6: [] });
  });

  it('gives a group the private addresses of every ENI carrying it, never the public ones', () => {
    // Prepare
    const groupId = 'sg-0a0a0a0a';

    // Act
    const addresses = model.groupAddresses(groupId);

    // Assess
    expect(addresses.toCidrs()).toEqual(['10.0.1.10/31', '10.0.1.20/32', '2600:1f18:1234:5601::10/128']);
    expect(addresses.contains('54.170.1.10')).toBe(false);
    expect(model.groupAddresses('sg-0b0b0b0b').toCidrs()).toEqual(['10.0.2.30/32', '10.0.2.64/28']);
    expect(model.groupAddresses('sg-unknown').isEmpty()).toBe(true);
  });

  it('expands prefix lists from their entries, else their inline CIDRs, and says unknown otherwise', () => {
    // Prepare
    const fromEntries = 'pl-0aaa1111';
    const inline = 'pl-63a5400a';

    // Act
    const entries = model.prefixListCidrs(fromEntries);
    const cidrs = model.prefixListCidrs(inline);

    // Assess
    expect(entries).toEqual(['198.51.100.0/24', '192.0.2.0/24']);
    expect(cidrs).toEqual(['52.218.0.0/17', '3.5.64.0/21']);
    expect(model.prefixListAddresses(fromEntries)?.contains('198.51.100.7')).toBe(true);
    expect(model.prefixListCidrs('pl-00000000')).toBeUndefined();
    expect(model.prefixListAddresses('pl-00000000')).toBeUndefined();
  });

  it('gives VPC and subnet address sets from their associated IPv4 and IPv6 blocks only', () => {
    // Prepare
    const vpcId = 'vpc-11111111';

    // Act
    const vpcSet = model.vpcAddresses(vpcId);

    // Assess
    expect(vpcSet.toCidrs()).toEqual(['10.0.0.0/16', '100.64.0.0/24', '2600:1f18:1234:5600::/56']);
    expect(vpcSet.contains('172.31.0.1')).toBe(false);
    expect(model.subnetAddresses('subnet-aaaa1111').toCidrs()).toEqual(['10.0.1.0/24', '2600:1f18:1234:5601::/64']);
    expect(model.vpcAddresses('vpc-unknown').isEmpty()).toBe(true);
  });

  it('relates gateways, endpoints, flow logs, TGW routes and tags to their VPC or resource', () => {
    // Prepare
    const vpcId = 'vpc-11111111';

    // Act
    const igws = model.internetGatewaysOfVpc(vpcId).map((g) => g.InternetGatewayId);

    // Assess
    expect(igws).toEqual(['igw-5a5a5a5a']);
    expect(model.natGatewaysOfVpc(vpcId).map((n) => n.NatGatewayId)).toEqual(['nat-7c7c7c7c']);
    expect(model.endpointsOfVpc(vpcId).map((e) => e.VpcEndpointId)).toEqual(['vpce-8d8d8d8d']);
    expect(model.flowLogsFor(vpcId).map((f) => f.FlowLogId)).toEqual(['fl-12345678']);
    expect(model.flowLogsFor('vpc-22222222')).toEqual([]);
    expect(model.transitGatewayRoutes('tgw-rtb-0abc1234')).toHaveLength(1);
    expect(model.transitGatewayRoutes('tgw-rtb-00000000')).toBeUndefined();
    expect(model.tagsOf(vpcId)).toEqual({ Name: 'prod', Environment: 'production' });
    expect(model.tagsOf('eni-01010101')).toEqual({ Role: 'web' });
    expect(model.tagsOf('i-0f0f0f0f')).toEqual({ Name: 'web-1', Role: 'web' });
    expect(model.tagsOf('subnet-bbbb2222')).toEqual({});
    expect(model.defaultSecurityGroup(vpcId)?.GroupId).toBe('sg-0c0c0c0c');
  });

  it('warns about a group referenced from another account, and nothing else in a consistent snapshot', () => {
    // Prepare
    const built = model;

    // Act
    const diagnostics = built.diagnostics;

    // Assess
    expect(diagnostics).toEqual([
      {
        level: 'warning',
        source: 'snapshot',
        path: '$.SecurityGroups[1].IpPermissions[0].UserIdGroupPairs[1].GroupId',
        message: 'unknown referenced group sg-0e0e0e0e (owned by account 999988887777)',
      },
    ]);
  });

  it('warns about dangling references with their path into the snapshot', () => {
    // Prepare
    const broken = structuredClone(snapshot);
    broken.RouteTables[0]?.Routes?.push({
      DestinationCidrBlock: '192.168.0.0/16',
      NatGatewayId: 'nat-00000000',
      State: 'active',
    });
    broken.RouteTables[0]?.Routes?.push({
      DestinationCidrBlock: '192.169.0.0/16',
      NatGatewayId: 'nat-00000001',
      State: 'blackhole',
    });
    broken.RouteTables[1]?.Associations?.push({ SubnetId: 'subnet-00000000', RouteTableId: 'rtb-2b2b2b2b' });
    broken.NetworkInterfaces.push({
      NetworkInterfaceId: 'eni-09090909',
      SubnetId: 'subnet-00000000',
      VpcId: 'vpc-11111111',
      Groups: [{ GroupId: 'sg-00000000' }],
    });

    // Act
    const diagnostics = NetworkModel.build(broken).diagnostics.map((d) => [d.path, d.message]);

    // Assess
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        ['$.RouteTables[0].Routes[2].NatGatewayId', 'route target NAT gateway nat-00000000 is not in the snapshot'],
        ['$.RouteTables[1].Associations[1].SubnetId', 'associated subnet subnet-00000000 is not in the snapshot'],
        ['$.NetworkInterfaces[4].SubnetId', 'subnet subnet-00000000 is not in the snapshot'],
        ['$.NetworkInterfaces[4].Groups[0].GroupId', 'security group sg-00000000 is not in the snapshot'],
      ]),
    );
    expect(diagnostics.some(([path]) => path === '$.RouteTables[0].Routes[3].NatGatewayId')).toBe(false);
  });

  it('indexes an estate of 10,000 ENIs, 5,000 groups and 1,000 subnets without losing a lookup', () => {
    // Prepare
    const big = syntheticEstate(1000, 5000, 10000);

    // Act
    const built = NetworkModel.build(big);

    // Assess (speed is measured by `npm run bench`, not asserted here)
    expect(built.diagnostics).toEqual([]);
    expect(built.interfaceByAddress('10.0.3.8')?.NetworkInterfaceId).toBe('eni-big-4003');
    expect(built.interfacesWithGroup('sg-big-1').length).toBe(2);
  });
});

function syntheticEstate(subnets: number, groups: number, interfaces: number): Snapshot {
  const snapshot = emptySnapshot();
  snapshot.Vpcs.push({ VpcId: 'vpc-big', CidrBlock: '10.0.0.0/8' });
  snapshot.Subnets = Array.from(
    { length: subnets },
    (_, i): Subnet => ({
      SubnetId: `subnet-big-${i}`,
      VpcId: 'vpc-big',
      CidrBlock: `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
    }),
  );
  snapshot.SecurityGroups = Array.from(
    { length: groups },
    (_, i): SecurityGroup => ({
      GroupId: `sg-big-${i}`,
      VpcId: 'vpc-big',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  snapshot.NetworkInterfaces = Array.from({ length: interfaces }, (_, i): NetworkInterface => {
    const subnet = i % subnets;
    const address = `10.${Math.floor(subnet / 256)}.${subnet % 256}.${4 + Math.floor(i / subnets)}`;
    return {
      NetworkInterfaceId: `eni-big-${i}`,
      SubnetId: `subnet-big-${subnet}`,
      VpcId: 'vpc-big',
      Groups: [{ GroupId: `sg-big-${i % groups}` }],
      PrivateIpAddress: address,
      PrivateIpAddresses: [{ PrivateIpAddress: address, Primary: true }],
    };
  });
  return snapshot;
}
