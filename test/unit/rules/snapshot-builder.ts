/** Small AWS-shaped snapshots for rule tests: one VPC, one subnet, groups and ENIs added as needed. */
import type {
  FlowLog,
  IpPermission,
  NetworkAcl,
  NetworkAclEntry,
  SecurityGroup,
  Subnet,
} from '../../../lambdas/core/model/aws-types';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import { emptySnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';

export const VPC_ID = 'vpc-0a1b2c3d4e5f60001';
export const SUBNET_ID = 'subnet-0a1b2c3d4e5f60001';

export function baseSnapshot(): Snapshot {
  const s = emptySnapshot();
  s.Vpcs.push({ VpcId: VPC_ID, CidrBlock: '10.0.0.0/16', State: 'available', IsDefault: false });
  s.Subnets.push({ SubnetId: SUBNET_ID, VpcId: VPC_ID, CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: false });
  s.FlowLogs.push({
    FlowLogId: 'fl-0a1b2c3d4e5f60001',
    ResourceId: VPC_ID,
    TrafficType: 'ALL',
    FlowLogStatus: 'ACTIVE',
    DeliverLogsStatus: 'SUCCESS',
    LogDestinationType: 'cloud-watch-logs',
  });
  return s;
}

let eniCounter = 0;

/** Adds the group and, unless `attached` is false, an ENI carrying it (so it is not "unattached"). */
export function addGroup(
  s: Snapshot,
  groupId: string,
  ingress: IpPermission[],
  options: { name?: string; egress?: IpPermission[]; attached?: boolean } = {},
): SecurityGroup {
  const group: SecurityGroup = {
    GroupId: groupId,
    GroupName: options.name ?? `${groupId}-name`,
    Description: 'test group',
    VpcId: VPC_ID,
    OwnerId: '111122223333',
    IpPermissions: ingress,
    IpPermissionsEgress: options.egress ?? [],
  };
  s.SecurityGroups.push(group);
  if (options.attached !== false) {
    eniCounter += 1;
    s.NetworkInterfaces.push({
      NetworkInterfaceId: `eni-0${String(eniCounter).padStart(16, '0')}`,
      SubnetId: SUBNET_ID,
      VpcId: VPC_ID,
      InterfaceType: 'interface',
      Groups: [{ GroupId: groupId, GroupName: group.GroupName }],
      PrivateIpAddress: `10.0.1.${(eniCounter % 250) + 4}`,
      PrivateIpAddresses: [{ PrivateIpAddress: `10.0.1.${(eniCounter % 250) + 4}`, Primary: true }],
      Status: 'in-use',
    });
  }
  return group;
}

export function tcp(from: number, to: number, cidrs: string[], ipv6: string[] = []): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: from,
    ToPort: to,
    IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: ipv6.map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
}

export function udp(from: number, to: number, cidrs: string[], ipv6: string[] = []): IpPermission {
  return { ...tcp(from, to, cidrs, ipv6), IpProtocol: 'udp' };
}

export function allTraffic(cidrs: string[], ipv6: string[] = []): IpPermission {
  return {
    IpProtocol: '-1',
    IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
    Ipv6Ranges: ipv6.map((CidrIpv6) => ({ CidrIpv6 })),
    PrefixListIds: [],
    UserIdGroupPairs: [],
  };
}

export function fromPrefixList(protocol: string, from: number, to: number, prefixListId: string): IpPermission {
  return { IpProtocol: protocol, FromPort: from, ToPort: to, PrefixListIds: [{ PrefixListId: prefixListId }] };
}

export function addPrefixList(s: Snapshot, id: string, cidrs: string[]): void {
  s.PrefixLists.push({
    PrefixListId: id,
    PrefixListName: `${id}-name`,
    AddressFamily: 'IPv4',
    State: 'create-complete',
  });
  s.PrefixListEntries[id] = cidrs.map((Cidr) => ({ Cidr }));
}

export function aclEntry(
  ruleNumber: number,
  action: 'allow' | 'deny',
  cidr: string,
  protocol = '-1',
  ports?: [number, number],
): NetworkAclEntry {
  const entry: NetworkAclEntry = { RuleNumber: ruleNumber, Protocol: protocol, RuleAction: action, Egress: false };
  if (cidr.includes(':')) entry.Ipv6CidrBlock = cidr;
  else entry.CidrBlock = cidr;
  if (ports) entry.PortRange = { From: ports[0], To: ports[1] };
  return entry;
}

export function addAcl(s: Snapshot, id: string, entries: NetworkAclEntry[]): NetworkAcl {
  const acl: NetworkAcl = {
    NetworkAclId: id,
    VpcId: VPC_ID,
    IsDefault: true,
    Entries: [...entries, aclEntry(32767, 'deny', '0.0.0.0/0'), aclEntry(32768, 'deny', '::/0')],
    Associations: [{ NetworkAclAssociationId: 'aclassoc-0a1b2c3d', NetworkAclId: id, SubnetId: SUBNET_ID }],
  };
  s.NetworkAcls.push(acl);
  return acl;
}

export function addSubnet(s: Snapshot, subnet: Partial<Subnet> & { SubnetId: string }): void {
  s.Subnets.push({ VpcId: VPC_ID, CidrBlock: '10.0.2.0/24', ...subnet });
}

export function flowLog(fields: Partial<FlowLog>): FlowLog {
  return {
    FlowLogId: 'fl-0fffffffffffffff0',
    ResourceId: VPC_ID,
    TrafficType: 'ALL',
    FlowLogStatus: 'ACTIVE',
    ...fields,
  };
}

export function model(s: Snapshot): NetworkModel {
  return NetworkModel.build(s);
}
