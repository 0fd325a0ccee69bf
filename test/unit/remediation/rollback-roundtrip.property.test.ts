import fc from 'fast-check';
import type { IpPermission, Route } from '../../../lambdas/core/model/aws-types';
import { cloneSnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';
import type { RemediationAction } from '../../../lambdas/core/remediation/actions';
import {
  ApplyToSnapshotError,
  applyActionInPlace,
  applyToSnapshot,
} from '../../../lambdas/core/remediation/apply-to-snapshot';
import { canonicalSnapshot, sameNetwork } from '../../../lambdas/core/remediation/canonical';
import { inverseOf, rollbackActions, routeParams } from '../../../lambdas/core/remediation/inverse';
import { singleSourcePermission, sourcesOf } from '../../../lambdas/core/remediation/sg-permissions';
import {
  ACL,
  ADMIN_SG,
  DEFAULT_SG,
  PRIVATE_RTB,
  PRIVATE_SUBNET,
  PUBLIC_RTB,
  PUBLIC_SUBNET,
  smallSnapshot,
  VPC,
  WEB_SG,
} from './small-snapshot';

/**
 * An operation is an intention ("revoke the n-th source of a group"); it becomes a concrete action
 * against the snapshot as it is at that moment, the way the planner builds actions from the model.
 */
type Op =
  | { kind: 'revoke'; group: number; pick: number; egress: boolean; byRuleId: boolean }
  | { kind: 'authorize'; group: number; egress: boolean; permission: IpPermission }
  | {
      kind: 'acl-create';
      ruleNumber: number;
      egress: boolean;
      protocol: string;
      port: number;
      deny: boolean;
      cidr: string;
    }
  | { kind: 'acl-replace'; pick: number; deny: boolean; cidr: string }
  | { kind: 'acl-delete'; pick: number }
  | { kind: 'route-put'; table: number; destination: string; target: string }
  | { kind: 'route-delete'; table: number; pick: number }
  | { kind: 'subnet'; subnet: number; value: boolean }
  | { kind: 'flow-logs'; create: boolean; logGroup: string };

const GROUPS = [WEB_SG, ADMIN_SG, DEFAULT_SG];
const TABLES = [PUBLIC_RTB, PRIVATE_RTB];
const SUBNETS = [PUBLIC_SUBNET, PRIVATE_SUBNET];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24', '198.51.100.7/32'];

const sourceArb = fc.oneof(
  fc.constantFrom(...CIDRS).map((cidr) => ({ IpRanges: [{ CidrIp: cidr }] })),
  fc.constantFrom('::/0', '2001:db8::/32').map((cidr) => ({ Ipv6Ranges: [{ CidrIpv6: cidr }] })),
  fc.constantFrom(...GROUPS).map((groupId) => ({ UserIdGroupPairs: [{ GroupId: groupId }] })),
  fc.constant('pl-0123456789abcdef0').map((id) => ({ PrefixListIds: [{ PrefixListId: id }] })),
);

const shapeArb = fc.oneof(
  fc.constantFrom(22, 443, 3389, 5432).map((port) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port })),
  fc.constant({ IpProtocol: 'udp', FromPort: 53, ToPort: 53 }),
  fc.constant({ IpProtocol: '-1' }),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('revoke' as const),
    group: fc.nat(2),
    pick: fc.nat(20),
    egress: fc.boolean(),
    byRuleId: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('authorize' as const),
    group: fc.nat(2),
    egress: fc.boolean(),
    permission: fc.tuple(shapeArb, sourceArb).map(([shape, source]): IpPermission => ({ ...shape, ...source })),
  }),
  fc.record({
    kind: fc.constant('acl-create' as const),
    ruleNumber: fc.integer({ min: 1, max: 200 }),
    egress: fc.boolean(),
    protocol: fc.constantFrom('6', '17', '-1'),
    port: fc.constantFrom(22, 443, 3389),
    deny: fc.boolean(),
    cidr: fc.constantFrom(...CIDRS),
  }),
  fc.record({
    kind: fc.constant('acl-replace' as const),
    pick: fc.nat(20),
    deny: fc.boolean(),
    cidr: fc.constantFrom(...CIDRS),
  }),
  fc.record({ kind: fc.constant('acl-delete' as const), pick: fc.nat(20) }),
  fc.record({
    kind: fc.constant('route-put' as const),
    table: fc.nat(1),
    destination: fc.constantFrom('0.0.0.0/0', '192.168.0.0/16', '::/0', 'pl-0123456789abcdef0'),
    target: fc.constantFrom(
      'igw-0c0c0c0c0c0c0c0c0',
      'nat-0d0d0d0d0d0d0d0d0',
      'pcx-0e0e0e0e0e0e0e0e0',
      'tgw-0f0f0f0f0f0f0f0f0',
    ),
  }),
  fc.record({ kind: fc.constant('route-delete' as const), table: fc.nat(1), pick: fc.nat(10) }),
  fc.record({ kind: fc.constant('subnet' as const), subnet: fc.nat(1), value: fc.boolean() }),
  fc.record({
    kind: fc.constant('flow-logs' as const),
    create: fc.boolean(),
    logGroup: fc.constantFrom('/netwarden/vpc-flow-logs', '/other'),
  }),
);

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

function destinationOf(text: string) {
  if (text.startsWith('pl-')) return { DestinationPrefixListId: text };
  return text.includes(':') ? { DestinationIpv6CidrBlock: text } : { DestinationCidrBlock: text };
}

function targetOf(id: string): Partial<Route> {
  if (id.startsWith('nat-')) return { NatGatewayId: id };
  if (id.startsWith('pcx-')) return { VpcPeeringConnectionId: id };
  if (id.startsWith('tgw-')) return { TransitGatewayId: id };
  return { GatewayId: id };
}

function materialize(op: Op, s: Snapshot): RemediationAction | undefined {
  switch (op.kind) {
    case 'revoke': {
      const groupId = GROUPS[op.group] ?? WEB_SG;
      const group = s.SecurityGroups.find((g) => g.GroupId === groupId);
      const permissions = (op.egress ? group?.IpPermissionsEgress : group?.IpPermissions) ?? [];
      const singles = permissions.flatMap((p) => sourcesOf(p).map((src) => singleSourcePermission(p, src)));
      const single = pick(singles, op.pick);
      if (!single) return undefined;
      const api = op.egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress';
      const params = op.byRuleId
        ? { GroupId: groupId, SecurityGroupRuleIds: ['sgr-0000000000000000'] }
        : { GroupId: groupId, IpPermissions: [single] };
      return { api, resourceId: groupId, params, permissions: [single] };
    }
    case 'authorize': {
      const groupId = GROUPS[op.group] ?? WEB_SG;
      const api = op.egress ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroupIngress';
      return { api, resourceId: groupId, params: { GroupId: groupId, IpPermissions: [op.permission] } };
    }
    case 'acl-create': {
      const exists = s.NetworkAcls[0]?.Entries?.some((e) => e.RuleNumber === op.ruleNumber && e.Egress === op.egress);
      if (exists) return undefined;
      return {
        api: 'CreateNetworkAclEntry',
        resourceId: ACL,
        params: {
          NetworkAclId: ACL,
          RuleNumber: op.ruleNumber,
          Protocol: op.protocol,
          RuleAction: op.deny ? 'deny' : 'allow',
          Egress: op.egress,
          CidrBlock: op.cidr,
          ...(op.protocol === '-1' ? {} : { PortRange: { From: op.port, To: op.port } }),
        },
      };
    }
    case 'acl-replace': {
      const entry = pick(s.NetworkAcls[0]?.Entries ?? [], op.pick);
      if (!entry) return undefined;
      return {
        api: 'ReplaceNetworkAclEntry',
        resourceId: ACL,
        params: {
          NetworkAclId: ACL,
          RuleNumber: entry.RuleNumber,
          Protocol: entry.Protocol,
          RuleAction: op.deny ? 'deny' : 'allow',
          Egress: entry.Egress,
          CidrBlock: op.cidr,
          ...(entry.PortRange ? { PortRange: entry.PortRange } : {}),
        },
        previous: structuredClone(entry),
      };
    }
    case 'acl-delete': {
      const entry = pick(s.NetworkAcls[0]?.Entries ?? [], op.pick);
      if (!entry) return undefined;
      return {
        api: 'DeleteNetworkAclEntry',
        resourceId: ACL,
        params: { NetworkAclId: ACL, RuleNumber: entry.RuleNumber, Egress: entry.Egress },
        previous: structuredClone(entry),
      };
    }
    case 'route-put': {
      const tableId = TABLES[op.table] ?? PUBLIC_RTB;
      const table = s.RouteTables.find((t) => t.RouteTableId === tableId);
      const destination = destinationOf(op.destination);
      const current = table?.Routes?.find(
        (r) =>
          JSON.stringify(
            destinationOf(r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? ''),
          ) === JSON.stringify(destination),
      );
      if (current?.GatewayId === 'local') return undefined;
      const params = routeParams(tableId, { ...destination, ...targetOf(op.target) });
      return current
        ? { api: 'ReplaceRoute', resourceId: tableId, params, previous: structuredClone(current) }
        : { api: 'CreateRoute', resourceId: tableId, params };
    }
    case 'route-delete': {
      const tableId = TABLES[op.table] ?? PUBLIC_RTB;
      const routes = s.RouteTables.find((t) => t.RouteTableId === tableId)?.Routes ?? [];
      const route = pick(
        routes.filter((r) => r.GatewayId !== 'local'),
        op.pick,
      );
      if (!route) return undefined;
      const destination = destinationOf(
        route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '',
      );
      return {
        api: 'DeleteRoute',
        resourceId: tableId,
        params: { RouteTableId: tableId, ...destination },
        previous: structuredClone(route),
      };
    }
    case 'subnet': {
      const subnetId = SUBNETS[op.subnet] ?? PUBLIC_SUBNET;
      const subnet = s.Subnets.find((x) => x.SubnetId === subnetId);
      return {
        api: 'ModifySubnetAttribute',
        resourceId: subnetId,
        params: { SubnetId: subnetId, MapPublicIpOnLaunch: { Value: op.value } },
        previous: subnet?.MapPublicIpOnLaunch ?? false,
      };
    }
    case 'flow-logs': {
      const create = {
        api: 'CreateFlowLogs' as const,
        resourceId: VPC,
        params: {
          ResourceIds: [VPC],
          ResourceType: 'VPC' as const,
          TrafficType: 'ALL' as const,
          LogDestinationType: 'cloud-watch-logs' as const,
          LogGroupName: op.logGroup,
          DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/netwarden-flow-logs',
        },
      };
      return op.create ? create : inverseOf(create);
    }
  }
}

describe('rollback round trip', () => {
  it('applying actions and then their rollback gives back a network equal to the original', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 12 }), (ops) => {
        // Prepare
        const original = smallSnapshot();
        const draft = cloneSnapshot(original);
        const applied: RemediationAction[] = [];
        for (const op of ops) {
          const action = materialize(op, draft);
          // Only actions that changed something are rolled back, as the apply command records them.
          if (action && applyActionInPlace(draft, action) === 'changed') applied.push(action);
        }

        // Act
        const restored = applyToSnapshot(draft, rollbackActions(applied));

        // Assess
        expect(canonicalSnapshot(restored)).toEqual(canonicalSnapshot(original));
      }),
      { numRuns: 300 },
    );
  });

  it('applying actions never changes the snapshot it was given (only the named resources are copied)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), (ops) => {
        // Prepare
        const original = smallSnapshot();
        const before = structuredClone(original);
        const actions = ops
          .map((op) => materialize(op, original))
          .filter((a): a is RemediationAction => a !== undefined);

        // Act: each action on its own (some may fail as AWS would), then all of them in sequence
        for (const action of actions) {
          try {
            applyToSnapshot(original, [action]);
          } catch (error: unknown) {
            if (!(error instanceof ApplyToSnapshotError)) throw error;
          }
        }

        // Assess
        expect(original).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('an inverse of an inverse is the original action', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 6 }), (ops) => {
        // Prepare
        const s = smallSnapshot();
        const actions = ops.map((op) => materialize(op, s)).filter((a): a is RemediationAction => a !== undefined);

        // Act
        const twice = actions.map((a) => applyToSnapshot(s, [inverseOf(inverseOf(a))]));

        // Assess
        actions.forEach((a, i) => {
          expect(sameNetwork(twice[i] ?? s, applyToSnapshot(s, [a]))).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('sameNetwork notices a real difference', () => {
    // Prepare
    const s = smallSnapshot();

    // Act
    const changed = applyToSnapshot(s, [
      {
        api: 'ModifySubnetAttribute',
        resourceId: PUBLIC_SUBNET,
        params: { SubnetId: PUBLIC_SUBNET, MapPublicIpOnLaunch: { Value: false } },
        previous: true,
      },
    ]);

    // Assess
    expect(sameNetwork(s, changed)).toBe(false);
  });
});
