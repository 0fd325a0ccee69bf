/**
 * Approving drift: the current state of some resources (or all) becomes the approved state, and
 * the approval says who accepted which differences and why. A trusted IaC principal's change is
 * approved the same way, with its ARN as `by`.
 */
import type { Snapshot } from '../model/snapshot';
import type { Approval, Baseline } from './baseline';
import { diffResources } from './diff';
import { normalizeResources } from './resource-state';

export class ApprovalError extends Error {
  override readonly name = 'ApprovalError';
}

export interface ApprovalRequest {
  by: string;
  reason: string;
  /** ISO-8601 instant. */
  at: string;
  /** Only these resources; all differing resources when absent. */
  resourceIds?: readonly string[];
}

export interface ApprovalResult {
  baseline: Baseline;
  /** The approval appended, or undefined when there was nothing to approve. */
  approval?: Approval;
}

/** A new baseline with the current state of the selected resources accepted; the input is not changed. */
export function approveDrift(baseline: Baseline, current: Snapshot, request: ApprovalRequest): ApprovalResult {
  if (request.by.trim() === '') throw new ApprovalError('approval needs who approves (by)');
  if (request.reason.trim() === '') throw new ApprovalError('approval needs a reason');
  const currentResources = normalizeResources(current);
  const scope = request.resourceIds ? new Set(request.resourceIds) : undefined;
  if (scope) {
    const unknown = [...scope].filter((id) => !(id in baseline.resources) && !(id in currentResources));
    if (unknown.length > 0) {
      throw new ApprovalError(`not in the baseline nor in the current network: ${unknown.sort().join(', ')}`);
    }
  }
  const differences = diffResources(baseline.resources, currentResources).filter(
    (d) => scope === undefined || scope.has(d.resourceId),
  );
  if (differences.length === 0) return { baseline };
  const resources = { ...baseline.resources };
  const ids = [...new Set(differences.map((d) => d.resourceId))].sort();
  for (const id of ids) {
    const now = currentResources[id];
    if (now === undefined) delete resources[id];
    else resources[id] = structuredClone(now);
  }
  const approval: Approval = {
    at: request.at,
    by: request.by,
    reason: request.reason,
    resources: ids,
    differences: differences.map((d) => `${d.resourceId} ${d.path} (${d.kind})`),
  };
  return { baseline: { ...baseline, approvals: [...baseline.approvals, approval], resources }, approval };
}
