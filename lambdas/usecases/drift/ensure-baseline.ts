/**
 * A freshly deployed stack has no baseline yet: the first scheduled run captures the network as it
 * is then, so drift is measured from the day NetWarden was installed. An existing baseline is never
 * replaced here; changing it is an approval.
 */
import { captureBaseline } from '../../core/drift/baseline';
import type { BaselineStore } from '../../ports';
import type { NetworkSource } from './detect-drift';

export type EnsureOutcome =
  | { status: 'exists'; version?: string }
  | { status: 'captured'; resources: number; version?: string };

export async function ensureBaseline(deps: {
  baselines: BaselineStore;
  network: NetworkSource;
  /** Where the network is read from, recorded as the baseline's origin (e.g. `aws:eu-west-1`). */
  origin: string;
  now: () => Date;
}): Promise<EnsureOutcome> {
  const stored = await deps.baselines.load();
  if (stored !== undefined)
    return { status: 'exists', ...(stored.version !== undefined ? { version: stored.version } : {}) };
  const baseline = captureBaseline(await deps.network.full(true), {
    capturedAt: deps.now().toISOString(),
    origin: deps.origin,
  });
  // Create-only: the stack lets the scheduled run write the baseline object only when none exists,
  // so a first capture can never overwrite an approved baseline.
  const saved = await deps.baselines.save(baseline, { ifNoneMatch: '*' });
  return {
    status: 'captured',
    resources: Object.keys(baseline.resources).length,
    ...(saved.version !== undefined ? { version: saved.version } : {}),
  };
}
