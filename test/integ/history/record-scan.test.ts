import { openFindings } from '../../../lambdas/core/history/finding-status';
import type { HistoryRecord } from '../../../lambdas/core/history/records';
import { emptySnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';
import { type LocalHistory, openLocalHistory } from '../../../lambdas/local/embedded-dynamo';
import { recordScan } from '../../../lambdas/usecases/record-scan';
import { SSH_FINDING } from './record-fixtures';

const RULES = [
  { id: 'sg-risky-port-open-to-internet', resourceType: 'AWS::EC2::SecurityGroup' as const },
  { id: 'vpc-flow-logs-missing', resourceType: 'AWS::EC2::VPC' as const },
];

function snapshot(): Snapshot {
  return {
    ...emptySnapshot(),
    Vpcs: [{ VpcId: 'vpc-0f1e2d3c4b5a69788', CidrBlock: '10.0.0.0/16', OwnerId: '123456789012' }],
    SecurityGroups: [
      {
        GroupId: SSH_FINDING.resourceId,
        GroupName: 'web-prod',
        VpcId: 'vpc-0f1e2d3c4b5a69788',
        Description: 'web tier',
        IpPermissions: [],
        IpPermissionsEgress: [],
      },
      {
        GroupId: 'sg-0b2c3d4e5f6071829',
        GroupName: 'db-prod',
        VpcId: 'vpc-0f1e2d3c4b5a69788',
        Description: 'db tier',
        IpPermissions: [],
        IpPermissionsEgress: [],
      },
    ],
  } as Snapshot;
}

async function everything(history: LocalHistory): Promise<HistoryRecord[]> {
  const out: HistoryRecord[] = [];
  for await (const r of history.store.iterate({ since: '2026-11-01T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' }))
    out.push(r);
  return out;
}

describe('recordScan', () => {
  let history: LocalHistory;
  let ids: number;
  const newRecordId = () => `id-${String(++ids).padStart(4, '0')}`;

  beforeEach(async () => {
    ids = 0;
    history = await openLocalHistory('memory');
  });

  afterEach(async () => {
    await history.stop();
  });

  it('records an evaluation per rule and resource, and the open findings', async () => {
    // Act
    const result = await recordScan(history.store, {
      snapshot: snapshot(),
      rules: RULES,
      findings: [SSH_FINDING],
      now: new Date('2026-11-20T10:00:00.000Z'),
      newRecordId,
    });

    // Assess
    const records = await everything(history);
    const verdicts = records
      .filter((r) => r.kind === 'evaluation')
      .map((r) => (r.kind === 'evaluation' ? `${r.ruleId} ${r.resourceId} ${r.compliance} ${r.findingCount}` : ''));
    expect(verdicts.sort()).toEqual([
      'sg-risky-port-open-to-internet sg-0a1b2c3d4e5f60718 NON_COMPLIANT 1',
      'sg-risky-port-open-to-internet sg-0b2c3d4e5f6071829 COMPLIANT 0',
      'vpc-flow-logs-missing vpc-0f1e2d3c4b5a69788 COMPLIANT 0',
    ]);
    expect(result).toEqual({
      correlationId: 'scan-id-0001',
      at: '2026-11-20T10:00:00.000Z',
      evaluations: 3,
      opened: 1,
      resolved: 0,
    });
    expect(records.every((r) => r.correlationId === 'scan-id-0001' && r.trigger?.source === 'scan')).toBe(true);
    expect([...openFindings(records).values()].map((f) => f.finding)).toEqual([SSH_FINDING]);
  });

  it('resolves a finding that is gone on a resource the next scan saw, and keeps one on a resource it did not see', async () => {
    // Prepare
    const elsewhere = { ...SSH_FINDING, resourceId: 'sg-0ffffffffffffffff', message: 'another account' };
    await recordScan(history.store, {
      snapshot: snapshot(),
      rules: RULES,
      findings: [SSH_FINDING, elsewhere],
      now: new Date('2026-11-20T10:00:00.000Z'),
      newRecordId,
    });

    // Act
    const second = await recordScan(history.store, {
      snapshot: snapshot(),
      rules: RULES,
      findings: [],
      now: new Date('2026-11-21T10:00:00.000Z'),
      newRecordId,
    });

    // Assess
    expect(second).toMatchObject({ opened: 0, resolved: 1 });
    const open = [...openFindings(await everything(history)).values()];
    expect(open.map((f) => f.resourceId)).toEqual(['sg-0ffffffffffffffff']);
  });
});
