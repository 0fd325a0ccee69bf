/**
 * What the use cases need from the engine (lambdas/core), behind one interface so each trigger's
 * flow reads as the design's steps: assess, verify intents, sweep exposure, plan and verify repairs.
 * The implementation over the real engine is `network-engine.ts`.
 */
import type { Finding } from '../core/findings/finding';
import type { Snapshot } from '../core/model/snapshot';
import type { Plan } from '../core/remediation/plan';
import type { Verdict } from '../core/remediation/verdict';

export interface IntentOutcome {
  name: string;
  kind: 'must-work' | 'must-never';
  holds: boolean;
  /** The path that works, or the component that blocks it: what a person checks. */
  evidence: string;
}

export interface ExposedInterface {
  interfaceId: string;
  /** Services the internet reaches on it ("tcp:22,443"). */
  services: string;
  evidence: string;
}

/** A snapshot with its findings (reachability evidence filled in) and the lookups the flows need. */
export interface AssessedNetwork {
  snapshot: Snapshot;
  findings: Finding[];
  tagsOf(resourceId: string): Record<string, string>;
  /** The VPC a resource lives in (or is attached to); undefined when the snapshot does not know it. */
  vpcOf(resourceId: string): string | undefined;
}

export interface RepairProposal {
  plan: Plan;
  /** Absent when the plan is manual: there is nothing to verify. */
  verdict?: Verdict;
}

export interface NetworkEngine {
  assess(snapshot: Snapshot): AssessedNetwork;
  verifyIntents(network: AssessedNetwork): IntentOutcome[];
  exposedInterfaces(network: AssessedNetwork): ExposedInterface[];
  /** Plans the repair of one finding and proves it on a simulated copy against the intents. */
  proposeRepair(network: AssessedNetwork, finding: Finding): RepairProposal;
}
