import fc from 'fast-check';
import type { IpPermission, SecurityGroup, SecurityGroupRule } from '../../../lambdas/core/model/aws-types';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import {
  entryServices,
  entrySourceAddresses,
  expandSecurityGroup,
  sourceLabel,
} from '../../../lambdas/core/model/security-group-entries';
import { readSnapshotPath } from '../../../lambdas/local/snapshot-folder';
import { NESTED_FIXTURE } from './fixture-paths';

describe('expandSecurityGroup', () => {
  let model: NetworkModel;
  let web: SecurityGroup;
  let rules: SecurityGroupRule[];

  beforeAll(async () => {
    const { snapshot } = await readSnapshotPath(NESTED_FIXTURE);
    model = NetworkModel.build(snapshot);
    web = model.securityGroup('sg-0a0a0a0a') as SecurityGroup;
    rules = snapshot.SecurityGroupRules;
  });

  it('gives one entry per source, ingress then egress, each with its own rule id', () => {
    // Prepare
    const group = web;

    // Act
    const entries = expandSecurityGroup(group, rules);

    // Assess
    expect(entries.map((e) => [e.direction, e.permissionIndex, sourceLabel(e.source), e.securityGroupRuleId])).toEqual([
      ['ingress', 0, '0.0.0.0/0', 'sgr-0000000000000a001'],
      ['ingress', 0, '::/0', 'sgr-0000000000000a002'],
      ['ingress', 1, '203.0.113.0/24', 'sgr-0000000000000a003'],
      ['ingress', 1, 'pl-0aaa1111', 'sgr-0000000000000a004'],
      ['ingress', 1, '111122223333/sg-0d0d0d0d', 'sgr-0000000000000a005'],
      ['egress', 0, '0.0.0.0/0', 'sgr-0000000000000a006'],
    ]);
    expect(entries[0]).toEqual({
      groupId: 'sg-0a0a0a0a',
      direction: 'ingress',
      permissionIndex: 0,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      source: { cidr: '0.0.0.0/0' },
      description: 'customers',
      securityGroupRuleId: 'sgr-0000000000000a001',
    });
    expect(entries[4]?.source).toEqual({ groupId: 'sg-0d0d0d0d', userId: '111122223333' });
  });

  it('leaves the rule id out when no describe-security-group-rules rows are given', () => {
    // Prepare
    const group = web;

    // Act
    const entries = expandSecurityGroup(group);

    // Assess
    expect(entries).toHaveLength(6);
    expect(entries.every((e) => e.securityGroupRuleId === undefined)).toBe(true);
  });

  it('matches rule rows across the two spellings of protocol and all-traffic ports', () => {
    // Prepare
    const group: SecurityGroup = {
      GroupId: 'sg-1',
      IpPermissions: [
        { IpProtocol: '6', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '2001:DB8::/32' }] },
      ],
    };
    const rows: SecurityGroupRule[] = [
      {
        SecurityGroupRuleId: 'sgr-b',
        GroupId: 'sg-1',
        IsEgress: false,
        IpProtocol: '-1',
        FromPort: -1,
        ToPort: -1,
        CidrIpv6: '2001:db8::/32',
      },
      {
        SecurityGroupRuleId: 'sgr-a',
        GroupId: 'sg-1',
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIpv4: '10.0.0.0/8',
      },
      {
        SecurityGroupRuleId: 'sgr-other',
        GroupId: 'sg-2',
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIpv4: '10.0.0.0/8',
      },
      {
        SecurityGroupRuleId: 'sgr-egress',
        GroupId: 'sg-1',
        IsEgress: true,
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIpv4: '10.0.0.0/8',
      },
    ];

    // Act
    const ids = expandSecurityGroup(group, rows).map((e) => e.securityGroupRuleId);

    // Assess
    expect(ids).toEqual(['sgr-a', 'sgr-b']);
  });

  it('gives each entry the services of its permission', () => {
    // Prepare
    const entries = expandSecurityGroup(web);

    // Act
    const services = entries.map((e) => entryServices(e).toString());

    // Assess
    expect(services[0]).toBe('tcp:443');
    expect(services[2]).toBe('tcp:22');
    expect(entryServices(entries[5] as (typeof entries)[number]).isAll()).toBe(true);
  });

  it('resolves each source to addresses: CIDR, prefix-list entries, group members', () => {
    // Prepare
    const entries = expandSecurityGroup(web);
    const app = expandSecurityGroup(model.securityGroup('sg-0b0b0b0b') as SecurityGroup);

    // Act
    const addresses = entries.map((e) => entrySourceAddresses(model, e)?.toString());

    // Assess
    expect(addresses.slice(0, 4)).toEqual(['0.0.0.0/0', '::/0', '203.0.113.0/24', '192.0.2.0/24,198.51.100.0/24']);
    expect(addresses[4]).toBe('');
    expect(entrySourceAddresses(model, app[0] as (typeof app)[number])?.toCidrs()).toEqual([
      '10.0.1.10/31',
      '10.0.1.20/32',
      '2600:1f18:1234:5601::10/128',
    ]);
    const unknownList = { ...entries[3], source: { prefixListId: 'pl-00000000' } } as (typeof entries)[number];
    expect(entrySourceAddresses(model, unknownList)).toBeUndefined();
  });

  it('yields exactly one entry per source of every permission (property)', () => {
    const cidr = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => ({ CidrIp: `${a}/${p}` }));
    const hex8 = fc.integer({ min: 0, max: 0xffffffff }).map((n) => n.toString(16).padStart(8, '0'));
    const permission: fc.Arbitrary<IpPermission> = fc.record({
      IpProtocol: fc.constantFrom('tcp', 'udp', 'icmp', '-1', '50'),
      FromPort: fc.integer({ min: 0, max: 65535 }),
      ToPort: fc.integer({ min: 0, max: 65535 }),
      IpRanges: fc.array(cidr, { maxLength: 4 }),
      PrefixListIds: fc.array(
        hex8.map((h) => ({ PrefixListId: `pl-${h}` })),
        {
          maxLength: 2,
        },
      ),
      UserIdGroupPairs: fc.array(
        hex8.map((h) => ({ GroupId: `sg-${h}` })),
        {
          maxLength: 2,
        },
      ),
    });
    fc.assert(
      fc.property(fc.array(permission, { maxLength: 5 }), fc.array(permission, { maxLength: 3 }), (ingress, egress) => {
        // Prepare
        const group: SecurityGroup = { GroupId: 'sg-p', IpPermissions: ingress, IpPermissionsEgress: egress };
        const sources = (list: IpPermission[]) =>
          list.reduce(
            (n, p) =>
              n + (p.IpRanges?.length ?? 0) + (p.PrefixListIds?.length ?? 0) + (p.UserIdGroupPairs?.length ?? 0),
            0,
          );

        // Act
        const entries = expandSecurityGroup(group);

        // Assess
        expect(entries.filter((e) => e.direction === 'ingress')).toHaveLength(sources(ingress));
        expect(entries.filter((e) => e.direction === 'egress')).toHaveLength(sources(egress));
        for (const e of entries) {
          const list = e.direction === 'ingress' ? ingress : egress;
          expect(list[e.permissionIndex]?.IpProtocol).toBe(e.ipProtocol);
        }
      }),
    );
  });
});
