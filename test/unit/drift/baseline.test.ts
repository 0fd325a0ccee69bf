import fc from 'fast-check';
import { approveDrift } from '../../../lambdas/core/drift/approve';
import { captureBaseline, serializeBaseline } from '../../../lambdas/core/drift/baseline';
import { describeDifference, diffSnapshots } from '../../../lambdas/core/drift/diff';
import { BaselineFormatError, parseBaseline } from '../../../lambdas/core/drift/parse-baseline';
import type { IpPermission } from '../../../lambdas/core/model/aws-types';
import { emptySnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';
import { ACME, acme, edited, routeTable, securityGroup } from '../../fixtures/drift/acme';

const META = { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'example:acme' };

let approved: Snapshot;

beforeAll(async () => {
  approved = await acme();
});

describe('captureBaseline / serializeBaseline', () => {
  it('gives the same bytes whatever the order AWS listed things in', () => {
    // Prepare
    const shuffled = edited(approved, (s) => {
      s.SecurityGroups.reverse();
      for (const table of s.RouteTables) table.Routes?.reverse();
      for (const acl of s.NetworkAcls) acl.Entries?.reverse();
      s.FlowLogs.reverse();
    });

    // Act
    const a = serializeBaseline(captureBaseline(approved, META));
    const b = serializeBaseline(captureBaseline(shuffled, META));

    // Assess
    expect(b).toBe(a);
    expect(JSON.parse(a)).toMatchObject({
      formatVersion: 1,
      capturedAt: META.capturedAt,
      origin: META.origin,
      approvals: [],
    });
  });

  it('round-trips through its file text', () => {
    // Prepare
    const baseline = captureBaseline(approved, META);

    // Act
    const parsed = parseBaseline(serializeBaseline(baseline), 'baseline.json');

    // Assess
    expect(parsed).toEqual(baseline);
    expect(diffSnapshots(parsed, approved)).toEqual([]);
  });
});

describe('parseBaseline', () => {
  const valid = () => JSON.parse(serializeBaseline(captureBaseline(approved, META)));

  it.each([
    ['not JSON', () => '{', '$'],
    ['a newer format', () => JSON.stringify({ ...valid(), formatVersion: 2 }), '$.formatVersion'],
    ['approvals missing', () => JSON.stringify({ ...valid(), approvals: undefined }), '$.approvals'],
    [
      'an unknown resource type',
      () => {
        const doc = valid();
        doc.resources[ACME.prodPrivateA].type = 'AWS::EC2::Route';
        return JSON.stringify(doc);
      },
      `$.resources["${ACME.prodPrivateA}"].type`,
    ],
    [
      'an unknown state field',
      () => {
        const doc = valid();
        doc.resources[ACME.prodPrivateA].state.propagation = true;
        return JSON.stringify(doc);
      },
      `$.resources["${ACME.prodPrivateA}"].state.propagation`,
    ],
    [
      'a route that is not an object',
      () => {
        const doc = valid();
        doc.resources[ACME.prodPrivateA].state.routes['0.0.0.0/0'] = 'nat';
        return JSON.stringify(doc);
      },
      `$.resources["${ACME.prodPrivateA}"].state.routes["0.0.0.0/0"]`,
    ],
    [
      'a boolean attribute given as text',
      () => {
        const doc = valid();
        doc.resources[ACME.prodPublicSubnetA].state.mapPublicIpOnLaunch = 'false';
        return JSON.stringify(doc);
      },
      `$.resources["${ACME.prodPublicSubnetA}"].state.mapPublicIpOnLaunch`,
    ],
  ])('rejects %s, naming the file and the JSON path', (_name, text, path) => {
    // Prepare
    const input = text();

    // Act
    const act = () => parseBaseline(input, 'prod.baseline.json');

    // Assess
    expect(act).toThrow(BaselineFormatError);
    expect(act).toThrow(`prod.baseline.json: ${path}: expected`);
  });
});

describe('diffSnapshots', () => {
  it('lists differences ordered by resource and path, with before and after', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const table = routeTable(s, ACME.prodPrivateA);
      table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.20.0.0/16');
      securityGroup(s, ACME.prodAppGroup).IpPermissions?.push({
        IpProtocol: 'udp',
        FromPort: 53,
        ToPort: 53,
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
      });
    });

    // Act
    const differences = diffSnapshots(approved, current);

    // Assess
    expect(differences).toEqual([
      {
        resourceId: ACME.prodPrivateA,
        resourceType: 'AWS::EC2::RouteTable',
        kind: 'removed',
        path: 'routes["10.20.0.0/16"]',
        field: 'routes',
        key: '10.20.0.0/16',
        before: { DestinationCidrBlock: '10.20.0.0/16', TransitGatewayId: 'tgw-0d4b19e0a497e74ec' },
        after: null,
      },
      {
        resourceId: ACME.prodAppGroup,
        resourceType: 'AWS::EC2::SecurityGroup',
        kind: 'added',
        path: 'ingress["udp 53 from ::/0"]',
        field: 'ingress',
        key: 'udp 53 from ::/0',
        before: null,
        after: { IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIpv6: '::/0' },
      },
    ]);
  });

  it('describes a changed item by the fields that changed only', () => {
    // Prepare
    const current = edited(approved, (s) => {
      const range = securityGroup(s, ACME.prodBastionGroup).IpPermissions?.[0]?.IpRanges?.[0];
      if (range) range.Description = 'incident 77';
    });

    // Act
    const lines = diffSnapshots(approved, current).map(describeDifference);

    // Assess
    expect(lines).toEqual([
      `${ACME.prodBastionGroup} ingress["tcp 22 from 0.0.0.0/0"] changed: Description: on-call from home -> incident 77`,
    ]);
  });

  it('reports a whole resource that appeared or disappeared once, at path $', () => {
    // Prepare
    const current = edited(approved, (s) => {
      s.SecurityGroups = s.SecurityGroups.filter((g) => g.GroupId !== ACME.prodBastionGroup);
    });

    // Act
    const differences = diffSnapshots(approved, current);

    // Assess
    expect(differences).toEqual([
      expect.objectContaining({ resourceId: ACME.prodBastionGroup, kind: 'removed', path: '$', after: null }),
    ]);
  });

  it('ignores how sources are grouped into permissions (property)', () => {
    // Prepare
    const cidr = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
      .map(([a, b, bits]) => `${a}.${b}.0.0/${bits}`);
    const rule = fc.record({
      protocol: fc.constantFrom('tcp', 'udp', '6', '-1'),
      port: fc.integer({ min: 0, max: 65535 }),
      cidr,
    });

    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 12 }), fc.boolean(), (rules, merge) => {
        const permissions = (grouped: boolean): IpPermission[] => {
          const singles = rules.map((r) => ({
            IpProtocol: r.protocol,
            ...(r.protocol === '-1' ? {} : { FromPort: r.port, ToPort: r.port }),
            IpRanges: [{ CidrIp: r.cidr }],
          }));
          if (!grouped) return singles;
          const byShape = new Map<string, IpPermission>();
          for (const p of singles) {
            const key = `${p.IpProtocol === '6' ? 'tcp' : p.IpProtocol}|${p.FromPort ?? ''}`;
            const existing = byShape.get(key);
            if (existing) existing.IpRanges = [...(existing.IpRanges ?? []), ...(p.IpRanges ?? [])];
            else byShape.set(key, { ...p, IpProtocol: p.IpProtocol === '6' ? 'tcp' : p.IpProtocol });
          }
          return [...byShape.values()].reverse();
        };
        const snapshot = (grouped: boolean): Snapshot => ({
          ...emptySnapshot(),
          SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', VpcId: 'vpc-01', IpPermissions: permissions(grouped) }],
        });

        // Act
        const differences = diffSnapshots(snapshot(false), snapshot(merge));

        // Assess
        expect(differences).toEqual([]);
      }),
    );
  });
});

describe('approveDrift', () => {
  const current = () =>
    edited(approved, (s) => {
      const table = routeTable(s, ACME.prodPrivateA);
      table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.20.0.0/16');
      const subnet = s.Subnets.find((x) => x.SubnetId === ACME.prodPublicSubnetA);
      if (subnet) subnet.MapPublicIpOnLaunch = true;
    });

  it('accepts the selected resources only and records who, why and what', () => {
    // Prepare
    const baseline = captureBaseline(approved, META);

    // Act
    const result = approveDrift(baseline, current(), {
      by: 'alice@example.com',
      reason: 'CHG-1234 staging traffic now goes through the inspection VPC',
      at: '2026-11-20T10:00:00.000Z',
      resourceIds: [ACME.prodPrivateA],
    });

    // Assess
    expect(result.approval).toEqual({
      at: '2026-11-20T10:00:00.000Z',
      by: 'alice@example.com',
      reason: 'CHG-1234 staging traffic now goes through the inspection VPC',
      resources: [ACME.prodPrivateA],
      differences: [`${ACME.prodPrivateA} routes["10.20.0.0/16"] (removed)`],
    });
    expect(diffSnapshots(result.baseline, current()).map((d) => d.resourceId)).toEqual([ACME.prodPublicSubnetA]);
    expect(baseline.approvals).toEqual([]);
  });

  it('refuses a resource it has never heard of, and an approval without a reason', () => {
    // Prepare
    const baseline = captureBaseline(approved, META);
    const request = { by: 'alice', reason: 'ok', at: '2026-11-20T10:00:00.000Z' };

    // Act
    const unknown = () => approveDrift(baseline, current(), { ...request, resourceIds: ['rtb-0000000000000000f'] });
    const noReason = () => approveDrift(baseline, current(), { ...request, reason: ' ' });

    // Assess
    expect(unknown).toThrow('not in the baseline nor in the current network: rtb-0000000000000000f');
    expect(noReason).toThrow('approval needs a reason');
  });
});
