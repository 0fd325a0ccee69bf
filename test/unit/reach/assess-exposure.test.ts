import type { Finding } from '../../../lambdas/core/findings/finding';
import type { NetworkModel } from '../../../lambdas/core/model/network-model';
import { assessExposure } from '../../../lambdas/core/reach';
import { listScenarios, loadScenarioModel } from './scenario-loader';

const model = (name: string): NetworkModel => loadScenarioModel(listScenarios().find((s) => s.name === name)!).model;

const httpsOpen: Finding = {
  ruleId: 'sg-wide-public-range',
  resourceId: 'sg-0a1a0000000000001',
  resourceType: 'AWS::EC2::SecurityGroup',
  severity: 'high',
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  source: { cidr: '0.0.0.0/0' },
  direction: 'ingress',
  message: 'HTTPS open to the internet',
};

describe('assessExposure', () => {
  it('keeps the severity and names the exposed interface with the path when the internet gets through', () => {
    // Act
    const [f] = assessExposure(model('igw-https-to-web'), [httpsOpen]);

    // Assess
    expect(f?.severity).toBe('high');
    expect(f?.exposure).toMatchObject({ reachableFromInternet: true, exposedInterfaces: ['eni-0a1a0000000000001'] });
    expect(f?.exposure?.evidence).toContain('igw-0a1a00000000000a1');
  });

  it('lowers the severity one step and gives the blocker when the internet cannot get through', () => {
    // Act
    const [f] = assessExposure(model('igw-without-public-ip'), [httpsOpen]);

    // Assess
    expect(f?.severity).toBe('medium');
    expect(f?.exposure).toMatchObject({
      reachableFromInternet: false,
      exposedInterfaces: [],
      blockerCode: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
    });
  });

  it('makes a finding on a group attached to nothing informational', () => {
    // Prepare
    const snapshotModel = model('igw-https-to-web');
    const unused: Finding = { ...httpsOpen, resourceId: 'sg-0a1a0000000000009' };

    // Act
    const [f] = assessExposure(snapshotModel, [unused]);

    // Assess
    expect(f?.severity).toBe('info');
    expect(f?.exposure?.blockerCode).toBe('UNASSOCIATED_COMPONENT');
  });

  it('judges a network ACL entry by the interfaces of the subnets using the ACL', () => {
    // Prepare
    const aclFinding: Finding = {
      ruleId: 'nacl-admin-port-open-to-internet',
      resourceId: 'acl-0a1a0000000000000',
      resourceType: 'AWS::EC2::NetworkAcl',
      severity: 'medium',
      protocol: 'all',
      source: { cidr: '0.0.0.0/0' },
      aclEntry: { ruleNumber: 100, egress: false },
      message: 'ACL allows everything in',
    };

    // Act
    const [f] = assessExposure(model('igw-https-to-web'), [aclFinding]);

    // Assess
    expect(f?.exposure?.reachableFromInternet).toBe(true);
    expect(f?.exposure?.exposedInterfaces).toEqual(['eni-0a1a0000000000001']);
  });

  it('leaves findings that are not about inbound traffic unchanged', () => {
    // Prepare
    const flowLogs: Finding = {
      ruleId: 'vpc-flow-logs-missing',
      resourceId: 'vpc-0a1a00000000000a1',
      resourceType: 'AWS::EC2::VPC',
      severity: 'low',
      message: 'no flow logs',
    };

    // Act
    const [f] = assessExposure(model('igw-https-to-web'), [flowLogs]);

    // Assess
    expect(f).toBe(flowLogs);
  });
});
