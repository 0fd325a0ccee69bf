import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RemediationAction } from '../../../lambdas/core/remediation/actions';
import { ApplyToSnapshotError, applyToSnapshot } from '../../../lambdas/core/remediation/apply-to-snapshot';
import type { ResourceState } from '../../../lambdas/core/remediation/before-state';
import { PlanStore, PlanStoreError, type StoredPlan } from '../../../lambdas/local/plan-store';
import { readSnapshotPath } from '../../../lambdas/local/snapshot-folder';
import {
  assertUsableOutputFolder,
  OutputFolderError,
  SnapshotNetworkWriter,
} from '../../../lambdas/local/snapshot-writer';
import { ACL, PUBLIC_RTB, PUBLIC_SUBNET, smallSnapshot, WEB_SG } from './small-snapshot';

const revokeSsh: RemediationAction = {
  api: 'RevokeSecurityGroupIngress',
  resourceId: WEB_SG,
  params: { GroupId: WEB_SG, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] },
  permissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
};

describe('applyToSnapshot', () => {
  it('removes exactly one source and its describe-security-group-rules row, leaving the input untouched', () => {
    // Prepare
    const snapshot = smallSnapshot();

    // Act
    const after = applyToSnapshot(snapshot, [revokeSsh]);

    // Assess
    expect(after.SecurityGroupRules.map((r) => r.SecurityGroupRuleId)).not.toContain('sgr-0aaaaaaaaaaaaaaa1');
    expect(after.SecurityGroupRules).toHaveLength(4);
    expect(snapshot.SecurityGroupRules).toHaveLength(5);
    expect(after.SecurityGroups[0]?.IpPermissions?.[0]?.IpRanges?.map((r) => r.CidrIp)).toEqual(['10.0.0.0/8']);
  });

  it.each<[string, RemediationAction, string]>([
    [
      'a different entry already has the rule number',
      {
        api: 'CreateNetworkAclEntry',
        resourceId: ACL,
        params: {
          NetworkAclId: ACL,
          RuleNumber: 100,
          Protocol: '6',
          RuleAction: 'deny',
          Egress: false,
          CidrBlock: '0.0.0.0/0',
          PortRange: { From: 22, To: 22 },
        },
      },
      'NetworkAclEntryAlreadyExists',
    ],
    [
      'the local route cannot be deleted',
      {
        api: 'DeleteRoute',
        resourceId: PUBLIC_RTB,
        params: { RouteTableId: PUBLIC_RTB, DestinationCidrBlock: '10.0.0.0/16' },
        previous: { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
      },
      'InvalidParameterValue',
    ],
    [
      'a route to replace must exist',
      {
        api: 'ReplaceRoute',
        resourceId: PUBLIC_RTB,
        params: {
          RouteTableId: PUBLIC_RTB,
          DestinationCidrBlock: '192.168.0.0/16',
          NatGatewayId: 'nat-0d0d0d0d0d0d0d0d0',
        },
        previous: { DestinationCidrBlock: '192.168.0.0/16', GatewayId: 'igw-0c0c0c0c0c0c0c0c0' },
      },
      'InvalidRoute.NotFound',
    ],
  ])('fails as AWS would when %s', (_, action, code) => {
    // Act
    const applying = () => applyToSnapshot(smallSnapshot(), [action]);

    // Assess
    expect(applying).toThrow(ApplyToSnapshotError);
    expect(applying).toThrow(code);
  });
});

describe('SnapshotNetworkWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netwarden-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records the before-state, applies idempotently, isolates failures and writes a readable snapshot folder', async () => {
    // Prepare
    const out = path.join(dir, 'out');
    const writer = new SnapshotNetworkWriter(smallSnapshot(), out);
    const missingGroup: RemediationAction = {
      ...revokeSsh,
      resourceId: 'sg-0999999999999999',
      params: { GroupId: 'sg-0999999999999999', SecurityGroupRuleIds: ['sgr-1'] },
    } as RemediationAction;
    const stop: RemediationAction = {
      api: 'ModifySubnetAttribute',
      resourceId: PUBLIC_SUBNET,
      params: { SubnetId: PUBLIC_SUBNET, MapPublicIpOnLaunch: { Value: false } },
      previous: true,
    };
    let recorded: ResourceState[] = [];

    // Act
    const report = await writer.apply([revokeSsh, revokeSsh, missingGroup, stop], {
      recordBeforeState: async (states) => {
        recorded = states;
      },
    });
    const written = await readSnapshotPath(out);

    // Assess
    expect(report.outcomes.map((o) => [o.status, o.code])).toEqual([
      ['applied', undefined],
      ['already-in-desired-state', 'InvalidPermission.NotFound'],
      ['failed', 'InvalidGroup.NotFound'],
      ['applied', undefined],
    ]);
    expect(report.ok).toBe(false);
    expect(recorded.map((s) => [s.resourceId, s.found])).toEqual([
      [WEB_SG, true],
      ['sg-0999999999999999', false],
      [PUBLIC_SUBNET, true],
    ]);
    expect(recorded[0]?.fragment.SecurityGroups[0]?.IpPermissions?.[0]?.IpRanges).toHaveLength(2);
    expect(
      written.snapshot.SecurityGroups.find((g) => g.GroupId === WEB_SG)?.IpPermissions?.[0]?.IpRanges,
    ).toHaveLength(1);
    expect(written.snapshot.Subnets.find((s) => s.SubnetId === PUBLIC_SUBNET)?.MapPublicIpOnLaunch).toBe(false);
  });

  it('refuses an output folder that is not empty or overlaps the input', async () => {
    // Prepare
    await writeFile(path.join(dir, 'leftover.json'), '{}');

    // Act / Assess
    await expect(assertUsableOutputFolder(dir)).rejects.toThrow(OutputFolderError);
    await expect(assertUsableOutputFolder(path.join(dir, 'inner'), dir)).rejects.toThrow(/overlaps the input snapshot/);
    await expect(assertUsableOutputFolder(path.join(dir, 'new'))).resolves.toBeUndefined();
  });
});

describe('PlanStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netwarden-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const plan = (id: string, status: StoredPlan['status']): StoredPlan => ({
    id,
    createdAt: '2026-11-22T10:00:00.000Z',
    status,
    inputOrigin: 'example:acme',
    target: { kind: 'snapshot', outputDir: 'applied-snapshot' },
    items: [
      {
        findingKey: 'k',
        ruleId: 'sg-risky-port-open-to-internet',
        resourceId: WEB_SG,
        finding: {
          ruleId: 'sg-risky-port-open-to-internet',
          resourceId: WEB_SG,
          resourceType: 'AWS::EC2::SecurityGroup',
          severity: 'critical',
          message: 'm',
        },
        summary: 's',
        actions: [revokeSsh],
      },
    ],
    beforeState: [],
    outcomes: [{ action: revokeSsh, status: 'applied', attempts: 1 }],
  });

  it('saves, loads and lists plans, and derives the remediation history from applied ones', async () => {
    // Prepare
    const store = new PlanStore(dir);
    const id = PlanStore.newId(new Date('2026-11-22T10:00:00.123Z'), 'a1b2c3');
    await store.save(plan(id, 'applied'));
    await store.save(plan(PlanStore.newId(new Date('2026-11-22T11:00:00Z'), 'ffffff'), 'rolled-back'));

    // Act
    const loaded = await store.load(id);
    const history = await store.remediationHistory();

    // Assess
    expect(id).toBe('plan-20261122T100000Z-a1b2c3');
    expect(loaded.items[0]?.actions).toEqual([revokeSsh]);
    expect(JSON.parse(await readFile(path.join(dir, 'plans', `${id}.json`), 'utf8')).status).toBe('applied');
    expect(history).toEqual([
      { resourceId: WEB_SG, ruleId: 'sg-risky-port-open-to-internet', at: '2026-11-22T10:00:00.000Z' },
    ]);
  });

  it('explains an unknown or malformed plan id', async () => {
    // Prepare
    const store = new PlanStore(dir);

    // Act / Assess
    await expect(store.load('plan-20261122T100000Z-000000')).rejects.toThrow(
      /no plan plan-20261122T100000Z-000000 in .*plans \(give --state/,
    );
    await expect(store.load('../../etc/passwd')).rejects.toThrow(PlanStoreError);
    await expect(store.remediationHistory()).resolves.toEqual([]);
  });
});
