import type { NetworkChange } from '../events/cloudtrail-event';
import type { BaselineStore } from '../ports';
import { restoreDrift } from './drift/restore-drift';
import type { Reachability } from './network-engine';
import { type ChangeDeps, respondToChange } from './respond-to-change';

export interface NetworkChangeDeps extends ChangeDeps {
  /** The engine's checks with the deployment's intents bound (the same the engine uses). */
  reachability: Reachability;
  /** The approved baseline; absent, drift is not judged (a deployment without a baseline bucket). */
  baselines?: BaselineStore;
}

/**
 * One change is judged twice: against the risk rules (what it exposes) and against the approved
 * baseline (what it undid), each through the same simulator, verifier and modes. The deployed
 * change responder and `netwarden replay` both call this.
 */
export async function respondToNetworkChange(change: NetworkChange, deps: NetworkChangeDeps) {
  const response = await respondToChange(change, deps);
  if (deps.baselines === undefined) return { ...response, drift: { status: 'disabled' as const } };
  const drift = await restoreDrift(
    { source: 'cloudtrail', change },
    {
      ...deps,
      baselines: deps.baselines,
      network: deps.snapshots,
      checkIntents: (model) => deps.reachability.verifyIntents(model),
      assessExposure: deps.reachability.assessExposure,
    },
  );
  return { ...response, drift };
}
