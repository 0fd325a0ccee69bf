import type { Baseline } from '../../../lambdas/core/drift/baseline';
import type { StoredBaseline } from '../../../lambdas/ports';
import { ensureBaseline } from '../../../lambdas/usecases/drift/ensure-baseline';
import { ACME, acme } from '../../fixtures/drift/acme';

function memoryStore(initial?: Baseline) {
  const saved: Baseline[] = [];
  const options: unknown[] = [];
  return {
    saved,
    options,
    store: {
      location: 's3://netwarden-state/drift/baseline.json',
      load: async (): Promise<StoredBaseline | undefined> =>
        initial ? { baseline: initial, version: 'v1' } : undefined,
      save: async (baseline: Baseline, option?: unknown) => {
        saved.push(baseline);
        options.push(option);
        return { version: `v${saved.length}` };
      },
    },
  };
}

describe('ensureBaseline', () => {
  it('captures the network on the first run', async () => {
    // Prepare
    const snapshot = await acme();
    const { store, saved, options } = memoryStore();

    // Act
    const outcome = await ensureBaseline({
      baselines: store,
      network: { full: async () => snapshot, withFresh: async () => snapshot },
      origin: 'aws:eu-west-1',
      now: () => new Date('2026-11-20T00:00:00.000Z'),
    });

    // Assess
    expect(outcome).toEqual({ status: 'captured', resources: 62, version: 'v1' });
    expect(saved[0]).toMatchObject({ origin: 'aws:eu-west-1', capturedAt: '2026-11-20T00:00:00.000Z' });
    expect(saved[0]?.resources[ACME.prodPrivateA]?.type).toBe('AWS::EC2::RouteTable');
    // Create-only: a capture must never replace an approved baseline.
    expect(options).toEqual([{ ifNoneMatch: '*' }]);
  });

  it('never replaces an existing baseline', async () => {
    // Prepare
    const snapshot = await acme();
    const existing: Baseline = {
      formatVersion: 1,
      capturedAt: '2026-10-01T00:00:00.000Z',
      origin: 'aws:eu-west-1',
      approvals: [],
      resources: {},
    };
    const { store, saved } = memoryStore(existing);

    // Act
    const outcome = await ensureBaseline({
      baselines: store,
      network: { full: async () => snapshot, withFresh: async () => snapshot },
      origin: 'aws:eu-west-1',
      now: () => new Date('2026-11-20T00:00:00.000Z'),
    });

    // Assess
    expect(outcome).toEqual({ status: 'exists', version: 'v1' });
    expect(saved).toEqual([]);
  });
});
