/** Drift: the approved baseline, the differences from it, their classification and their restore. */
export { ApprovalError, type ApprovalRequest, type ApprovalResult, approveDrift } from './approve';
export {
  assessDrift,
  type DriftAssessment,
  type DriftInput,
  type DriftItem,
  driftFinding,
} from './assess-drift';
export {
  type Approval,
  BASELINE_FORMAT_VERSION,
  type Baseline,
  type CaptureMeta,
  captureBaseline,
  serializeBaseline,
} from './baseline';
export {
  type Classification,
  type DriftClass,
  type DriftEffect,
  describeEffect,
} from './classify';
export {
  type Difference,
  type DifferenceKind,
  describeDifference,
  differenceKey,
  diffResources,
  diffSnapshots,
} from './diff';
export { DRIFT_RULE_ID_LIST, DRIFT_RULE_IDS, driftRuleId } from './drift-rules';
export { BaselineFormatError, parseBaseline } from './parse-baseline';
export {
  CLOUDFORMATION_STACK_TAG,
  DRIFT_RESOURCE_TYPES,
  type DriftResourceType,
  normalizeResources,
  type TrackedResource,
} from './resource-state';
export { restorePlan } from './restore-plan';
export { BaselineConflictError, BaselineStoreError } from './store-errors';
