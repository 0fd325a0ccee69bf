import type { IpPermission, SecurityGroup, SecurityGroupRule } from '../../lambdas/core/model/aws-types';
import { distribute } from './distribute';
import type { EstateIds } from './estate-ids';
import type { Prng } from './prng';

export interface GroupVpc {
  id: string;
  index: number;
  cidr: string;
  environment: string;
}

export interface GroupsInput {
  vpcs: readonly GroupVpc[];
  securityGroups: number;
  securityGroupRules: number;
  prefixListIds: readonly string[];
  riskyRuleFraction: number;
  owner: string;
}

export interface GeneratedGroups {
  groups: SecurityGroup[];
  rules: SecurityGroupRule[];
  /** Non-default groups of each VPC, by VPC id, for the interfaces to wear. */
  groupsByVpc: Map<string, string[]>;
  defaultGroupByVpc: Map<string, string>;
}

interface Service {
  protocol: 'tcp' | 'udp';
  port: number;
  risky: boolean;
}

/** What ingress permissions open, in the proportions seen in real accounts: mostly web and databases. */
const SERVICES: readonly Service[] = [
  { protocol: 'tcp', port: 443, risky: false },
  { protocol: 'tcp', port: 80, risky: false },
  { protocol: 'tcp', port: 8080, risky: true },
  { protocol: 'tcp', port: 22, risky: true },
  { protocol: 'tcp', port: 5432, risky: true },
  { protocol: 'tcp', port: 3306, risky: true },
  { protocol: 'tcp', port: 6379, risky: true },
  { protocol: 'tcp', port: 3389, risky: true },
  { protocol: 'tcp', port: 9200, risky: true },
  { protocol: 'tcp', port: 27017, risky: true },
  { protocol: 'tcp', port: 8443, risky: false },
  { protocol: 'tcp', port: 9090, risky: false },
  { protocol: 'tcp', port: 2049, risky: false },
  { protocol: 'tcp', port: 1433, risky: true },
  { protocol: 'tcp', port: 21, risky: true },
  { protocol: 'udp', port: 53, risky: true },
  { protocol: 'udp', port: 123, risky: true },
  { protocol: 'udp', port: 161, risky: true },
  { protocol: 'udp', port: 11211, risky: true },
  { protocol: 'tcp', port: 9100, risky: false },
  { protocol: 'tcp', port: 5672, risky: false },
  { protocol: 'tcp', port: 9092, risky: true },
];

/** Public address blocks owned by large providers: the "wide public range" mistake. */
const WIDE_PUBLIC_FIRST_OCTETS = [3, 13, 18, 34, 35, 52, 54] as const;

type Source =
  | { kind: 'cidr'; value: string }
  | { kind: 'cidr6'; value: string }
  | { kind: 'prefixList'; value: string }
  | { kind: 'group'; value: string };

/** Security groups and their `describe-security-group-rules` rows, exactly `securityGroupRules` sources in total. */
export function generateSecurityGroups(input: GroupsInput, prng: Prng, ids: EstateIds): GeneratedGroups {
  const groupsByVpc = new Map<string, string[]>();
  const defaultGroupByVpc = new Map<string, string>();
  const groups: SecurityGroup[] = [];
  const rules: SecurityGroupRule[] = [];
  const perVpc = distribute(input.securityGroups - input.vpcs.length, input.vpcs.length);

  for (const vpc of input.vpcs) {
    const defaultId = ids.next('sg');
    defaultGroupByVpc.set(vpc.id, defaultId);
    groups.push(group(input, vpc, defaultId, 'default', 'default VPC security group', [], []));
    groupsByVpc.set(
      vpc.id,
      Array.from({ length: perVpc[vpc.index] ?? 0 }, () => ids.next('sg')),
    );
  }

  const budgets = distribute(input.securityGroupRules, input.securityGroups - input.vpcs.length);
  let budgetIndex = 0;
  for (const vpc of input.vpcs) {
    const vpcGroups = groupsByVpc.get(vpc.id) ?? [];
    vpcGroups.forEach((groupId, k) => {
      let budget = budgets[budgetIndex++] ?? 0;
      const egress: IpPermission[] = [];
      const ingress: IpPermission[] = [];
      const addRows = (permission: IpPermission, isEgress: boolean): void => {
        for (const row of ruleRows(input.owner, groupId, permission, isEgress, ids)) rules.push(row);
      };
      if (budget > 0) {
        const allOut = permissionOf('-1', undefined, [{ kind: 'cidr', value: '0.0.0.0/0' }]);
        egress.push(allOut);
        addRows(allOut, true);
        budget--;
      }
      const offset = prng.int(0, SERVICES.length - 1);
      for (let p = 0; budget > 0; p++) {
        if (p === 0 && prng.chance(input.riskyRuleFraction / 5)) {
          const everything = permissionOf('-1', undefined, [{ kind: 'cidr', value: '0.0.0.0/0' }]);
          ingress.push(everything);
          addRows(everything, false);
          budget--;
          continue;
        }
        const service: Service =
          p < SERVICES.length
            ? (SERVICES[(offset + p) % SERVICES.length] as Service)
            : { protocol: 'tcp', port: 20_000 + p, risky: false };
        const count = Math.min(budget, prng.int(1, 4));
        const sources = pickSources(count, p, vpc, vpcGroups, input, prng);
        const permission = permissionOf(service.protocol, service.port, sources);
        ingress.push(permission);
        addRows(permission, false);
        budget -= sources.length;
      }
      groups.push(group(input, vpc, groupId, `${vpc.environment}-sg-${k}`, `generated group ${k}`, ingress, egress));
    });
  }
  return { groups, rules, groupsByVpc, defaultGroupByVpc };
}

function pickSources(
  count: number,
  permissionIndex: number,
  vpc: GroupVpc,
  vpcGroups: readonly string[],
  input: GroupsInput,
  prng: Prng,
): Source[] {
  const seen = new Set<string>();
  const sources: Source[] = [];
  for (let slot = 0; slot < count; slot++) {
    let source = prng.chance(input.riskyRuleFraction) ? publicSource(prng) : privateSource(vpc, vpcGroups, input, prng);
    if (seen.has(key(source))) {
      // Sources of one permission are distinct in AWS; this fallback is distinct by construction.
      source = { kind: 'cidr', value: `10.${vpc.index}.${(permissionIndex * 4 + slot) % 256}.${slot}/32` };
    }
    seen.add(key(source));
    sources.push(source);
  }
  return sources;
}

function publicSource(prng: Prng): Source {
  const roll = prng.next();
  if (roll < 0.6) return { kind: 'cidr', value: '0.0.0.0/0' };
  if (roll < 0.8) return { kind: 'cidr6', value: '::/0' };
  return { kind: 'cidr', value: `${prng.pick(WIDE_PUBLIC_FIRST_OCTETS)}.0.0.0/8` };
}

function privateSource(vpc: GroupVpc, vpcGroups: readonly string[], input: GroupsInput, prng: Prng): Source {
  const roll = prng.next();
  if (roll < 0.4 && vpcGroups.length > 0) return { kind: 'group', value: prng.pick(vpcGroups) };
  if (roll < 0.5 && input.prefixListIds.length > 0)
    return { kind: 'prefixList', value: prng.pick(input.prefixListIds) };
  if (roll < 0.6 && input.vpcs.length > 1) return { kind: 'cidr', value: prng.pick(input.vpcs).cidr };
  return { kind: 'cidr', value: `10.${vpc.index}.${prng.int(0, 255)}.0/24` };
}

function key(source: Source): string {
  return `${source.kind}:${source.value}`;
}

function permissionOf(protocol: string, port: number | undefined, sources: readonly Source[]): IpPermission {
  return {
    IpProtocol: protocol,
    ...(port === undefined ? {} : { FromPort: port, ToPort: port }),
    IpRanges: sources.filter((s) => s.kind === 'cidr').map((s) => ({ CidrIp: s.value })),
    Ipv6Ranges: sources.filter((s) => s.kind === 'cidr6').map((s) => ({ CidrIpv6: s.value })),
    PrefixListIds: sources.filter((s) => s.kind === 'prefixList').map((s) => ({ PrefixListId: s.value })),
    UserIdGroupPairs: sources.filter((s) => s.kind === 'group').map((s) => ({ GroupId: s.value })),
  };
}

function group(
  input: GroupsInput,
  vpc: GroupVpc,
  groupId: string,
  name: string,
  description: string,
  ingress: IpPermission[],
  egress: IpPermission[],
): SecurityGroup {
  return {
    GroupId: groupId,
    GroupName: name,
    Description: description,
    VpcId: vpc.id,
    OwnerId: input.owner,
    IpPermissions: ingress,
    IpPermissionsEgress: egress,
    Tags: name === 'default' ? [] : [{ Key: 'Environment', Value: vpc.environment }],
  };
}

/** The rows `describe-security-group-rules` prints for one permission: one per source. */
function ruleRows(
  owner: string,
  groupId: string,
  permission: IpPermission,
  isEgress: boolean,
  ids: EstateIds,
): SecurityGroupRule[] {
  const base = {
    GroupId: groupId,
    GroupOwnerId: owner,
    IsEgress: isEgress,
    IpProtocol: permission.IpProtocol,
    FromPort: permission.FromPort ?? -1,
    ToPort: permission.ToPort ?? -1,
  };
  const row = (source: Partial<SecurityGroupRule>): SecurityGroupRule => {
    return { SecurityGroupRuleId: ids.next('sgr'), ...base, ...source, Tags: [] };
  };
  return [
    ...(permission.IpRanges ?? []).map((r) => row({ CidrIpv4: r.CidrIp })),
    ...(permission.Ipv6Ranges ?? []).map((r) => row({ CidrIpv6: r.CidrIpv6 })),
    ...(permission.PrefixListIds ?? []).map((r) => row({ PrefixListId: r.PrefixListId })),
    ...(permission.UserIdGroupPairs ?? []).map((r) =>
      row({ ReferencedGroupInfo: { GroupId: r.GroupId, UserId: owner } }),
    ),
  ];
}
