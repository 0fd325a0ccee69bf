import { type Finding, findingKey } from '../../../lambdas/core/findings/finding';
import type {
  ActionRecord,
  DecisionRecord,
  ErrorRecord,
  EvaluationRecord,
  FindingRecord,
  RollbackRecord,
} from '../../../lambdas/core/history/records';

/** Realistic history records (AWS-shaped states and actions) for the store, export and report tests. */

export const SSH_FINDING: Finding = {
  ruleId: 'sg-risky-port-open-to-internet',
  resourceId: 'sg-0a1b2c3d4e5f60718',
  resourceType: 'AWS::EC2::SecurityGroup',
  severity: 'high',
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  source: { cidr: '0.0.0.0/0' },
  direction: 'ingress',
  permissionIndex: 0,
  vpcId: 'vpc-0f1e2d3c4b5a69788',
  message: 'SSH (tcp/22) is open to the internet (0.0.0.0/0)',
  exposure: {
    reachableFromInternet: true,
    exposedInterfaces: ['eni-0123456789abcdef0'],
    evidence:
      'igw-0aa11bb22cc33dd44 -> rtb-0123abcd4567ef890 -> acl-0fedcba9876543210 -> sg-0a1b2c3d4e5f60718 -> eni-0123456789abcdef0',
  },
};

export const SSH_KEY = findingKey(SSH_FINDING);

export function evaluation(
  at: string,
  recordId: string,
  resourceId: string,
  ruleId: string,
  compliance: EvaluationRecord['compliance'],
): EvaluationRecord {
  return {
    kind: 'evaluation',
    recordId,
    at,
    resourceId,
    ruleId,
    compliance,
    findingCount: compliance === 'NON_COMPLIANT' ? 1 : 0,
    trigger: { source: 'scan' },
  };
}

export function findingRecord(at: string, recordId: string, finding: Finding = SSH_FINDING): FindingRecord {
  return {
    kind: 'finding',
    recordId,
    at,
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    findingKey: findingKey(finding),
    status: 'open',
    finding,
    correlationId: 'run-1',
  };
}

export function decisionRecord(at: string, recordId: string): DecisionRecord {
  return {
    kind: 'decision',
    recordId,
    at,
    resourceId: SSH_FINDING.resourceId,
    ruleId: SSH_FINDING.ruleId,
    findingKey: SSH_KEY,
    mode: 'auto',
    outcome: 'remediate',
    reason: 'auto mode; the plan closes the exposure and all 3 intents still hold',
    verification: { passed: true, exposureClosed: true, intentsChecked: 3, brokenIntents: [] },
    trigger: {
      source: 'cloudtrail',
      eventId: '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      principal: 'arn:aws:iam::123456789012:user/alice',
    },
  };
}

const SSH_PERMISSION = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary' }],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
};

const HTTPS_PERMISSION = {
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
  Ipv6Ranges: [],
  PrefixListIds: [],
  UserIdGroupPairs: [],
};

export function actionRecord(at: string, recordId: string): ActionRecord {
  return {
    kind: 'action',
    recordId,
    at,
    resourceId: SSH_FINDING.resourceId,
    ruleId: SSH_FINDING.ruleId,
    findingKey: SSH_KEY,
    actions: [
      {
        api: 'RevokeSecurityGroupIngress',
        resourceId: SSH_FINDING.resourceId,
        params: { GroupId: SSH_FINDING.resourceId, IpPermissions: [SSH_PERMISSION] },
      },
    ],
    before: {
      GroupId: SSH_FINDING.resourceId,
      GroupName: 'web-prod',
      IpPermissions: [SSH_PERMISSION, HTTPS_PERMISSION],
    },
    after: { GroupId: SSH_FINDING.resourceId, GroupName: 'web-prod', IpPermissions: [HTTPS_PERMISSION] },
    requestIds: ['b7c3a1d2-8e9f-4a0b-9c1d-2e3f4a5b6c7d'],
    status: 'applied',
  };
}

export function rollbackRecord(at: string, recordId: string, rollsBack: string): RollbackRecord {
  const undone = actionRecord(at, rollsBack);
  return {
    kind: 'rollback',
    recordId,
    at,
    resourceId: SSH_FINDING.resourceId,
    rollsBack,
    actions: [
      {
        api: 'AuthorizeSecurityGroupIngress',
        resourceId: SSH_FINDING.resourceId,
        params: { GroupId: SSH_FINDING.resourceId, IpPermissions: [SSH_PERMISSION] },
      },
    ],
    before: undone.after,
    after: undone.before,
    requestIds: ['c8d4b2e3-9fa0-4b1c-8d2e-3f4a5b6c7d8e'],
    reason: 'bastion maintenance window, approved by the platform team',
    status: 'applied',
  };
}

export function errorRecord(at: string, recordId: string): ErrorRecord {
  return {
    kind: 'error',
    recordId,
    at,
    resourceId: 'acl-0fedcba9876543210',
    stage: 'apply',
    errorName: 'UnauthorizedOperation',
    message: 'You are not authorized to perform this operation.',
  };
}
