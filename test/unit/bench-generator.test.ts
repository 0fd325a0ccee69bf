import {
  ESTATE_PRESETS,
  type EstateOptions,
  EstateOptionsError,
  generateEstate,
  resolveEstateOptions,
} from '../../bench/generator';
import type { IpPermission } from '../../lambdas/core/model/aws-types';
import { NetworkModel } from '../../lambdas/core/model/network-model';
import type { Snapshot } from '../../lambdas/core/model/snapshot';

const PUBLIC_SOURCES = new Set(['0.0.0.0/0', '::/0']);

function sourcesOf(permission: IpPermission): number {
  return (
    (permission.IpRanges?.length ?? 0) +
    (permission.Ipv6Ranges?.length ?? 0) +
    (permission.PrefixListIds?.length ?? 0) +
    (permission.UserIdGroupPairs?.length ?? 0)
  );
}

/** Every id a resource names, checked against the ids the snapshot defines; returns what dangles. */
function danglingReferences(s: Snapshot): string[] {
  const has = <T>(items: T[], id: (item: T) => string) => new Set(items.map(id));
  const vpcs = has(s.Vpcs, (v) => v.VpcId);
  const subnets = has(s.Subnets, (x) => x.SubnetId);
  const groups = has(s.SecurityGroups, (g) => g.GroupId);
  const enis = has(s.NetworkInterfaces, (e) => e.NetworkInterfaceId);
  const nats = has(s.NatGateways, (n) => n.NatGatewayId);
  const igws = has(s.InternetGateways, (g) => g.InternetGatewayId);
  const peerings = has(s.VpcPeeringConnections, (p) => p.VpcPeeringConnectionId);
  const endpoints = has(s.VpcEndpoints, (e) => e.VpcEndpointId);
  const tables = has(s.RouteTables, (t) => t.RouteTableId);
  const lists = has(s.PrefixLists, (p) => p.PrefixListId);
  const instances = new Set(s.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId)));
  const dangling: string[] = [];
  const need = (set: Set<string>, id: string | undefined, what: string) => {
    if (id !== undefined && !set.has(id)) dangling.push(`${what} ${id}`);
  };
  for (const x of s.Subnets) need(vpcs, x.VpcId, 'subnet vpc');
  for (const t of s.RouteTables) {
    need(vpcs, t.VpcId, 'route table vpc');
    for (const a of t.Associations ?? []) need(subnets, a.SubnetId, 'route table association');
    for (const r of t.Routes ?? []) {
      if (r.GatewayId?.startsWith('igw-')) need(igws, r.GatewayId, 'route igw');
      if (r.GatewayId?.startsWith('vpce-')) need(endpoints, r.GatewayId, 'route endpoint');
      need(nats, r.NatGatewayId, 'route nat');
      need(peerings, r.VpcPeeringConnectionId, 'route peering');
      need(lists, r.DestinationPrefixListId, 'route prefix list');
    }
  }
  for (const a of s.NetworkAcls) for (const x of a.Associations ?? []) need(subnets, x.SubnetId, 'acl association');
  for (const g of s.SecurityGroups) {
    need(vpcs, g.VpcId, 'group vpc');
    for (const p of [...(g.IpPermissions ?? []), ...(g.IpPermissionsEgress ?? [])]) {
      for (const pair of p.UserIdGroupPairs ?? []) need(groups, pair.GroupId, 'group reference');
      for (const pl of p.PrefixListIds ?? []) need(lists, pl.PrefixListId, 'group prefix list');
    }
  }
  for (const r of s.SecurityGroupRules) need(groups, r.GroupId, 'rule group');
  for (const e of s.NetworkInterfaces) {
    need(subnets, e.SubnetId, 'eni subnet');
    need(vpcs, e.VpcId, 'eni vpc');
    need(instances, e.Attachment?.InstanceId, 'eni instance');
    for (const g of e.Groups ?? []) need(groups, g.GroupId, 'eni group');
  }
  for (const r of s.Reservations) {
    for (const i of r.Instances)
      for (const n of i.NetworkInterfaces ?? []) need(enis, n.NetworkInterfaceId, 'instance eni');
  }
  for (const n of s.NatGateways) {
    need(subnets, n.SubnetId, 'nat subnet');
    for (const a of n.NatGatewayAddresses ?? []) need(enis, a.NetworkInterfaceId, 'nat eni');
  }
  for (const g of s.InternetGateways) for (const a of g.Attachments ?? []) need(vpcs, a.VpcId, 'igw vpc');
  for (const p of s.VpcPeeringConnections) {
    need(vpcs, p.RequesterVpcInfo?.VpcId, 'peering requester');
    need(vpcs, p.AccepterVpcInfo?.VpcId, 'peering accepter');
  }
  for (const e of s.VpcEndpoints) for (const t of e.RouteTableIds ?? []) need(tables, t, 'endpoint route table');
  for (const f of s.FlowLogs) need(vpcs, f.ResourceId, 'flow log');
  for (const id of Object.keys(s.PrefixListEntries)) need(lists, id, 'prefix list entries');
  return dangling;
}

function counts(s: Snapshot): Partial<Record<keyof EstateOptions, number>> {
  return {
    vpcs: s.Vpcs.length,
    subnets: s.Subnets.length,
    routeTables: s.RouteTables.length,
    networkAcls: s.NetworkAcls.length,
    securityGroups: s.SecurityGroups.length,
    securityGroupRules: s.SecurityGroupRules.length,
    networkInterfaces: s.NetworkInterfaces.length,
    prefixLists: s.PrefixLists.filter((p) => p.OwnerId !== 'AWS').length,
    peeringConnections: s.VpcPeeringConnections.length,
  };
}

describe('generateEstate', () => {
  it('gives byte-identical JSON for the same seed and a different estate for another seed', () => {
    // Prepare
    const options = { preset: 'small' as const, seed: 42 };

    // Act
    const first = JSON.stringify(generateEstate(options));
    const second = JSON.stringify(generateEstate(options));
    const other = JSON.stringify(generateEstate({ ...options, seed: 43 }));

    // Assess
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it.each(['small', 'medium'] as const)('matches every size knob of the %s preset exactly', (preset) => {
    // Prepare
    const expected = ESTATE_PRESETS[preset];

    // Act
    const snapshot = generateEstate({ preset });

    // Assess
    const { seed: _seed, riskyRuleFraction: _fraction, ...sizes } = expected;
    expect(counts(snapshot)).toEqual(sizes);
  });

  it('defaults to the large preset: 10,000 ENIs, 5,000 groups with 50,000 rules, 1,000 subnets', () => {
    // Prepare
    const defaults = resolveEstateOptions();

    // Act
    const snapshot = generateEstate();

    // Assess
    expect(defaults).toEqual(ESTATE_PRESETS.large);
    expect(counts(snapshot)).toEqual({
      vpcs: 20,
      subnets: 1_000,
      routeTables: 200,
      networkAcls: 50,
      securityGroups: 5_000,
      securityGroupRules: 50_000,
      networkInterfaces: 10_000,
      prefixLists: 20,
      peeringConnections: 30,
    });
    expect(danglingReferences(snapshot)).toEqual([]);
  });

  it('honours custom knobs, and the group permissions hold exactly as many sources as there are rule rows', () => {
    // Prepare
    const options = {
      preset: 'small' as const,
      vpcs: 5,
      subnets: 37,
      routeTables: 11,
      networkAcls: 9,
      securityGroups: 41,
      securityGroupRules: 333,
      networkInterfaces: 211,
      prefixLists: 4,
      peeringConnections: 10,
    };

    // Act
    const snapshot = generateEstate(options);

    // Assess
    const { preset: _preset, ...sizes } = options;
    expect(counts(snapshot)).toEqual(sizes);
    const sources = snapshot.SecurityGroups.flatMap((g) => [
      ...(g.IpPermissions ?? []),
      ...(g.IpPermissionsEgress ?? []),
    ])
      .map(sourcesOf)
      .reduce((a, b) => a + b, 0);
    expect(sources).toBe(333);
  });

  it('resolves every reference, by its own check and by the network model', () => {
    // Prepare
    const snapshot = generateEstate({ preset: 'medium', seed: 7 });

    // Act
    const model = NetworkModel.build(snapshot);

    // Assess
    expect(danglingReferences(snapshot)).toEqual([]);
    expect(model.diagnostics).toEqual([]);
    const ids = [
      ...snapshot.NetworkInterfaces.map((e) => e.NetworkInterfaceId),
      ...snapshot.SecurityGroupRules.map((r) => r.SecurityGroupRuleId),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^(eni|sgr)-0[0-9a-f]{16}$/.test(id))).toBe(true);
  });

  it('gives each subnet its route table and ACL at most once and every ENI a unique address inside its subnet', () => {
    // Prepare
    const snapshot = generateEstate({ preset: 'medium', seed: 3 });

    // Act
    const tablesPerSubnet = new Map<string, number>();
    for (const t of snapshot.RouteTables) {
      for (const a of t.Associations ?? []) {
        if (a.SubnetId) tablesPerSubnet.set(a.SubnetId, (tablesPerSubnet.get(a.SubnetId) ?? 0) + 1);
      }
    }
    const aclsPerSubnet = new Map<string, number>();
    for (const acl of snapshot.NetworkAcls) {
      for (const a of acl.Associations ?? []) aclsPerSubnet.set(a.SubnetId, (aclsPerSubnet.get(a.SubnetId) ?? 0) + 1);
    }
    const subnetCidr = new Map(snapshot.Subnets.map((s) => [s.SubnetId, s.CidrBlock ?? '']));
    const addresses = snapshot.NetworkInterfaces.map((e) => e.PrivateIpAddress ?? '');

    // Assess
    expect([...tablesPerSubnet.values()].every((n) => n === 1)).toBe(true);
    expect(aclsPerSubnet.size).toBe(snapshot.Subnets.length);
    expect([...aclsPerSubnet.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const e of snapshot.NetworkInterfaces) {
      const prefix = (subnetCidr.get(e.SubnetId) ?? '').replace(/0\/24$/, '');
      expect(e.PrivateIpAddress?.startsWith(prefix)).toBe(true);
    }
  });

  it('opens nothing to the whole internet when riskyRuleFraction is 0, and some things when it is not', () => {
    // Prepare
    const publicIngress = (s: Snapshot) =>
      s.SecurityGroupRules.filter((r) => !r.IsEgress && PUBLIC_SOURCES.has(r.CidrIpv4 ?? r.CidrIpv6 ?? '')).length;

    // Act
    const safe = generateEstate({ preset: 'medium', riskyRuleFraction: 0 });
    const risky = generateEstate({ preset: 'medium', riskyRuleFraction: 0.05 });

    // Assess
    expect(publicIngress(safe)).toBe(0);
    const ingress = risky.SecurityGroupRules.filter((r) => !r.IsEgress).length;
    expect(publicIngress(risky)).toBeGreaterThan(0);
    expect(publicIngress(risky)).toBeLessThan(ingress * 0.1);
  });

  it.each([
    [{ vpcs: 0 }, /vpcs must be between 1 and 250/],
    [{ subnets: 1, vpcs: 2 }, /subnets must be between vpcs/],
    [{ routeTables: 1, vpcs: 3 }, /routeTables must be at least vpcs/],
    [
      { networkInterfaces: 100_000, subnets: 10, vpcs: 2, peeringConnections: 1 },
      /networkInterfaces \(100000\) is too many/,
    ],
    [{ peeringConnections: 4, vpcs: 3 }, /peeringConnections must be at most 3/],
    [{ riskyRuleFraction: 2 }, /riskyRuleFraction must be between 0 and 1/],
    [{ seed: 1.5 }, /seed must be a non-negative integer/],
  ])('rejects inconsistent options %j with a message naming the knob', (override, message) => {
    // Prepare
    const options = { preset: 'small' as const, ...override };

    // Act
    const act = () => generateEstate(options);

    // Assess
    expect(act).toThrow(EstateOptionsError);
    expect(act).toThrow(message);
  });
});
