import { emptySnapshot, type Snapshot } from '../../../lambdas/core/model/snapshot';
import type { NetworkReader, ReadScope, SnapshotRead } from '../../../lambdas/ports';
import { mergeResources, resolveResourceIds, SnapshotSource } from '../../../lambdas/usecases/snapshot-source';
import { exampleSnapshot } from './ec2-mock';

let snapshot: Snapshot;

beforeAll(async () => {
  snapshot = await exampleSnapshot();
});

class RecordingReader implements NetworkReader {
  readonly scopes: (ReadScope | undefined)[] = [];
  constructor(private readonly answer: (scope?: ReadScope) => Snapshot) {}
  async read(scope?: ReadScope): Promise<SnapshotRead> {
    this.scopes.push(scope);
    return { snapshot: this.answer(scope), diagnostics: [], origin: 'test' };
  }
}

describe('mergeResources', () => {
  it('replaces a re-described group and its rules, and keeps everything else', () => {
    // Prepare
    const group = snapshot.SecurityGroups.find((g) => g.GroupId === 'sg-0009b4e713a5634dd');
    const fresh = emptySnapshot();
    fresh.SecurityGroups = [{ ...(group as NonNullable<typeof group>), IpPermissions: [] }];

    // Act
    const merged = mergeResources(snapshot, fresh, ['sg-0009b4e713a5634dd']);

    // Assess
    expect(merged.SecurityGroups).toHaveLength(snapshot.SecurityGroups.length);
    expect(merged.SecurityGroups.find((g) => g.GroupId === 'sg-0009b4e713a5634dd')?.IpPermissions).toEqual([]);
    expect(merged.SecurityGroupRules.some((r) => r.GroupId === 'sg-0009b4e713a5634dd')).toBe(false);
    expect(merged.Vpcs).toEqual(snapshot.Vpcs);
  });

  it('drops a touched resource that EC2 no longer returns', () => {
    // Prepare
    const fresh = emptySnapshot();
    const [first] = snapshot.SecurityGroups;

    // Act
    const merged = mergeResources(snapshot, fresh, [first?.GroupId ?? '']);

    // Assess
    expect(merged.SecurityGroups.map((g) => g.GroupId)).not.toContain(first?.GroupId);
  });
});

describe('resolveResourceIds', () => {
  it('maps a route table association id to its route table', () => {
    // Prepare
    const table = snapshot.RouteTables.find((t) => (t.Associations ?? []).some((a) => a.RouteTableAssociationId));
    const association = table?.Associations?.find((a) => a.RouteTableAssociationId)?.RouteTableAssociationId ?? '';

    // Act
    const ids = resolveResourceIds(snapshot, [association, 'sg-0009b4e713a5634dd']);

    // Assess
    expect(ids).toEqual([table?.RouteTableId, 'sg-0009b4e713a5634dd']);
  });
});

describe('SnapshotSource', () => {
  it('reads the account once while warm and re-describes only what a change touched', async () => {
    // Prepare
    let now = 0;
    const reader = new RecordingReader(() => snapshot);
    const source = new SnapshotSource(reader, 60_000, () => now);

    // Act
    await source.full();
    now = 30_000;
    await source.withFresh(['sg-0009b4e713a5634dd']);
    now = 120_000;
    await source.full();

    // Assess
    expect(reader.scopes).toEqual([undefined, { resourceIds: ['sg-0009b4e713a5634dd'] }, undefined]);
  });
});
