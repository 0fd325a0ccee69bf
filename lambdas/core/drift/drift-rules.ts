/**
 * Drift is handled by the remediation pipeline like a finding, under these rule ids: they are what
 * a remediation config sets modes and exemptions for, and what the flap guard counts restores of.
 */
import type { Difference } from './diff';

export const DRIFT_RULE_IDS = {
  securityGroup: 'drift-security-group',
  networkAcl: 'drift-network-acl',
  routeTable: 'drift-route-table',
  internetGateway: 'drift-internet-gateway',
  natGateway: 'drift-nat-gateway',
  peeringConnection: 'drift-peering-connection',
  flowLogs: 'drift-flow-logs',
  subnet: 'drift-subnet',
  vpc: 'drift-vpc',
} as const;

export const DRIFT_RULE_ID_LIST: readonly string[] = Object.values(DRIFT_RULE_IDS);

export function driftRuleId(d: Pick<Difference, 'resourceType' | 'field'>): string {
  if (d.field === 'flowLogs') return DRIFT_RULE_IDS.flowLogs;
  switch (d.resourceType) {
    case 'AWS::EC2::SecurityGroup':
      return DRIFT_RULE_IDS.securityGroup;
    case 'AWS::EC2::NetworkAcl':
      return DRIFT_RULE_IDS.networkAcl;
    case 'AWS::EC2::RouteTable':
      return DRIFT_RULE_IDS.routeTable;
    case 'AWS::EC2::InternetGateway':
      return DRIFT_RULE_IDS.internetGateway;
    case 'AWS::EC2::NatGateway':
      return DRIFT_RULE_IDS.natGateway;
    case 'AWS::EC2::VPCPeeringConnection':
      return DRIFT_RULE_IDS.peeringConnection;
    case 'AWS::EC2::Subnet':
      return DRIFT_RULE_IDS.subnet;
    case 'AWS::EC2::VPC':
      return DRIFT_RULE_IDS.vpc;
  }
}
