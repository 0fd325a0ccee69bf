/** Remediation: plan the EC2 calls that fix a finding, prove them on a simulated copy, decide, undo. */
export {
  type AuthorizeSecurityGroupAction,
  type CreateFlowLogsAction,
  type RemediationAction,
  type RemediationApi,
  type RevokeSecurityGroupAction,
  type TouchedKind,
  touchedKind,
  touchedResources,
} from './actions';
export {
  type ActionOutcome,
  ActionWriteError,
  type ApplyReport,
  applyPerResource,
  type WriteStatus,
} from './apply-per-resource';
export { ApplyToSnapshotError, applyActionInPlace, applyToSnapshot } from './apply-to-snapshot';
export { type ResourceState, sameResourceState, stateFromSnapshot } from './before-state';
export { canonicalSnapshot, sameNetwork } from './canonical';
export {
  defaultRemediationConfig,
  MODES,
  type Mode,
  parseRemediationConfig,
  type RemediationConfig,
  RemediationConfigError,
} from './config';
export { type Decision, type DecisionInput, decide, type Outcome } from './decide';
export { EXEMPTION_TAG, type Exemption, type ExemptionProblem, findExemption, parseExemptionTag } from './exemptions';
export { checkFlap, type FlapCheck, type RemediationEvent } from './flap-guard';
export { inverseOf, rollbackActions } from './inverse';
export { describeAction, type Plan } from './plan';
export { planFor } from './planner';
export { evaluateRemediations, planInSequence, type RemediationItem, type RemediationRun } from './remediate';
export type { BrokenIntent, Verdict } from './verdict';
export { type IntentCheck, type IntentChecker, verifyPlan, verifyPlans } from './verify';
