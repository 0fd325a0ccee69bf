import { type Finding, findingKey, type ResourceType } from '../findings/finding';
import type { Snapshot } from '../model/snapshot';
import type { EvaluationRecord, FindingRecord, HistoryRecord, Trigger } from './records';

/** What the history needs to know of a rule: which resources it looks at. */
export interface ScannedRule {
  id: string;
  resourceType: ResourceType;
}

/** The ids of the snapshot's resources of one type (the resources a rule of that type evaluated). */
export function resourceIdsOfType(snapshot: Snapshot, type: ResourceType): string[] {
  switch (type) {
    case 'AWS::EC2::SecurityGroup':
      return snapshot.SecurityGroups.map((g) => g.GroupId);
    case 'AWS::EC2::NetworkAcl':
      return snapshot.NetworkAcls.map((a) => a.NetworkAclId);
    case 'AWS::EC2::RouteTable':
      return snapshot.RouteTables.map((t) => t.RouteTableId);
    case 'AWS::EC2::Subnet':
      return snapshot.Subnets.map((s) => s.SubnetId);
    case 'AWS::EC2::VPC':
      return snapshot.Vpcs.map((v) => v.VpcId);
    case 'AWS::EC2::NetworkInterface':
      return snapshot.NetworkInterfaces.map((n) => n.NetworkInterfaceId);
    case 'AWS::EC2::InternetGateway':
      return snapshot.InternetGateways.map((g) => g.InternetGatewayId);
    case 'AWS::EC2::NatGateway':
      return snapshot.NatGateways.map((g) => g.NatGatewayId);
    case 'AWS::EC2::VPCPeeringConnection':
      return snapshot.VpcPeeringConnections.map((p) => p.VpcPeeringConnectionId);
    case 'AWS::EC2::FlowLog':
      return snapshot.FlowLogs.map((f) => f.FlowLogId);
  }
}

export interface ScanRecordsInput {
  snapshot: Snapshot;
  rules: readonly ScannedRule[];
  findings: readonly Finding[];
  /** Findings the history holds as open for these rules (see `openFindings`). */
  previouslyOpen: Iterable<FindingRecord>;
  at: string;
  correlationId: string;
  trigger: Trigger;
  newRecordId: () => string;
}

/**
 * The records one scan leaves: an evaluation per rule and evaluated resource (the verdict AWS
 * Config would get), an `open` finding record per finding, and a `resolved` one for each finding
 * that was open, is on a resource this snapshot holds, and was not found again. Findings on
 * resources absent from the snapshot stay open: a scan of another account must not close them.
 */
export function buildScanRecords(input: ScanRecordsInput): HistoryRecord[] {
  const { at, correlationId, trigger, newRecordId } = input;
  const base = { at, correlationId, trigger };
  const records: HistoryRecord[] = [];
  const snapshotResources = new Map<string, Set<string>>();
  for (const rule of input.rules) {
    const inSnapshot = new Set(resourceIdsOfType(input.snapshot, rule.resourceType));
    snapshotResources.set(rule.id, inSnapshot);
    const counts = new Map<string, number>([...inSnapshot].map((id) => [id, 0]));
    for (const f of input.findings) {
      if (f.ruleId === rule.id) counts.set(f.resourceId, (counts.get(f.resourceId) ?? 0) + 1);
    }
    for (const [resourceId, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const evaluation: EvaluationRecord = {
        ...base,
        kind: 'evaluation',
        recordId: newRecordId(),
        resourceId,
        ruleId: rule.id,
        compliance: count > 0 ? 'NON_COMPLIANT' : 'COMPLIANT',
        findingCount: count,
      };
      records.push(evaluation);
    }
  }
  for (const finding of input.findings) {
    records.push({
      ...base,
      kind: 'finding',
      recordId: newRecordId(),
      resourceId: finding.resourceId,
      ruleId: finding.ruleId,
      findingKey: findingKey(finding),
      status: 'open',
      finding,
    });
  }
  const currentKeys = new Set(input.findings.map(findingKey));
  for (const open of input.previouslyOpen) {
    const evaluated = snapshotResources.get(open.ruleId);
    if (currentKeys.has(open.findingKey) || !evaluated?.has(open.resourceId)) continue;
    records.push({
      ...base,
      kind: 'finding',
      recordId: newRecordId(),
      resourceId: open.resourceId,
      ruleId: open.ruleId,
      findingKey: open.findingKey,
      status: 'resolved',
      finding: open.finding,
    });
  }
  return records;
}
