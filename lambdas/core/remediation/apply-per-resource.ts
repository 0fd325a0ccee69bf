/**
 * How a writer applies a plan, whatever it writes to: read the before-state of every touched
 * resource, hand it to the caller to record, and only then write, one resource at a time, so a
 * failure stops the remaining actions on that resource and nothing else. The I/O itself comes in
 * as two functions, which keeps this loop the same for the AWS and the embedded writer.
 */
import { type RemediationAction, type TouchedKind, touchedResources } from './actions';
import type { ResourceState } from './before-state';

/**
 * How one action ended. `already-in-desired-state`: AWS answered NotFound to a removal or
 * Duplicate to an addition, so the account is already as the action wanted (success).
 * `skipped`: not attempted because an earlier action on the same resource failed.
 */
export type WriteStatus = 'applied' | 'already-in-desired-state' | 'failed' | 'skipped';

export interface ActionOutcome {
  action: RemediationAction;
  status: WriteStatus;
  /** The EC2 error code behind a failure or an `already-in-desired-state` (e.g. `InvalidPermission.NotFound`). */
  code?: string;
  /** For failures: what went wrong and what to do. */
  message?: string;
  /** Calls made, retries of throttled calls included (0 when not attempted). */
  attempts: number;
  /** AWS request id of the last call, for CloudTrail correlation. */
  requestId?: string;
}

export interface ApplyReport {
  /** The state of every touched resource whose state could be read, read before the first write. */
  beforeState: ResourceState[];
  outcomes: ActionOutcome[];
  /** True when every action was applied or already in the desired state. */
  ok: boolean;
}

/** A write (or a describe) that failed, with the code and message the outcome should carry. */
export class ActionWriteError extends Error {
  override readonly name = 'ActionWriteError';
  constructor(
    readonly code: string,
    message: string,
    readonly attempts: number,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface WriteAttempt {
  status: 'applied' | 'already-in-desired-state';
  code?: string;
  attempts: number;
  requestId?: string;
}

export interface WriterOps {
  /** The resource's current state; throws `ActionWriteError` when it cannot be read. */
  describe(resourceId: string, kind: TouchedKind): Promise<ResourceState>;
  /** One action; throws `ActionWriteError` when it fails. */
  execute(action: RemediationAction): Promise<WriteAttempt>;
}

export async function applyPerResource(
  actions: readonly RemediationAction[],
  recordBeforeState: (states: ResourceState[]) => Promise<void>,
  ops: WriterOps,
): Promise<ApplyReport> {
  const touched = touchedResources(actions);
  const beforeState: ResourceState[] = [];
  const unreadable = new Map<string, ActionWriteError>();
  for (const { resourceId, kind } of touched) {
    try {
      beforeState.push(await ops.describe(resourceId, kind));
    } catch (error: unknown) {
      unreadable.set(resourceId, asWriteError(error));
    }
  }
  await recordBeforeState(beforeState);

  const outcomes: ActionOutcome[] = [];
  const failedResources = new Set<string>();
  for (const action of actions) {
    const unread = unreadable.get(action.resourceId);
    if (unread) {
      outcomes.push({
        action,
        status: 'failed',
        code: unread.code,
        message: `before-state of ${action.resourceId} could not be read, so nothing was changed on it: ${unread.message}`,
        attempts: 0,
      });
      continue;
    }
    if (failedResources.has(action.resourceId)) {
      outcomes.push({
        action,
        status: 'skipped',
        message: `an earlier action on ${action.resourceId} failed`,
        attempts: 0,
      });
      continue;
    }
    try {
      const attempt = await ops.execute(action);
      outcomes.push({ action, ...attempt });
    } catch (error: unknown) {
      const failure = asWriteError(error);
      failedResources.add(action.resourceId);
      const outcome: ActionOutcome = {
        action,
        status: 'failed',
        code: failure.code,
        message: failure.message,
        attempts: failure.attempts,
      };
      if (failure.requestId !== undefined) outcome.requestId = failure.requestId;
      outcomes.push(outcome);
    }
  }
  const ok = outcomes.every((o) => o.status === 'applied' || o.status === 'already-in-desired-state');
  return { beforeState, outcomes, ok };
}

function asWriteError(error: unknown): ActionWriteError {
  if (error instanceof ActionWriteError) return error;
  if (error instanceof Error) return new ActionWriteError(error.name, error.message, 1);
  return new ActionWriteError('Unknown', String(error), 1);
}
