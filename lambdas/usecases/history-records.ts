/** Builds the audit records the flows append; ids are random, times are the flow's clock. */
import { randomUUID } from 'node:crypto';
import { type Finding, findingKey } from '../core/findings/finding';
import type {
  Compliance,
  DecisionRecord,
  ErrorRecord,
  EvaluationRecord,
  FindingRecord,
  Trigger,
} from '../core/history/records';
import type { Decision } from '../core/remediation/decide';
import type { Verdict } from '../core/remediation/verdict';

export interface RecordContext {
  at: string;
  correlationId: string;
  trigger: Trigger;
}

export function evaluationRecord(
  ctx: RecordContext,
  resourceId: string,
  ruleId: string,
  compliance: Compliance,
  findingCount: number,
): EvaluationRecord {
  return { kind: 'evaluation', recordId: randomUUID(), ...ctx, resourceId, ruleId, compliance, findingCount };
}

export function findingRecord(ctx: RecordContext, finding: Finding): FindingRecord {
  return {
    kind: 'finding',
    recordId: randomUUID(),
    ...ctx,
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    findingKey: findingKey(finding),
    status: 'open',
    finding,
  };
}

export function decisionRecord(ctx: RecordContext, decision: Decision, verdict?: Verdict): DecisionRecord {
  return {
    kind: 'decision',
    recordId: randomUUID(),
    ...ctx,
    resourceId: decision.resourceId,
    ruleId: decision.ruleId,
    findingKey: decision.findingKey,
    mode: decision.mode,
    outcome: decision.outcome,
    reason: decision.reasons.join('; '),
    ...(decision.exemption
      ? {
          exemption: {
            owner: decision.exemption.owner,
            reason: decision.exemption.reason,
            expiresAt: decision.exemption.expiresAt,
            source: decision.exemption.source,
          },
        }
      : {}),
    ...(verdict
      ? {
          verification: {
            passed: verdict.safe,
            exposureClosed: verdict.findingGone,
            intentsChecked: verdict.intentsChecked,
            brokenIntents: verdict.brokenIntents.map((b) => b.name),
            detail: verdict.reason,
          },
        }
      : {}),
  };
}

export function errorRecord(ctx: RecordContext, resourceId: string, stage: string, error: unknown): ErrorRecord {
  return {
    kind: 'error',
    recordId: randomUUID(),
    ...ctx,
    resourceId,
    stage,
    errorName: error instanceof Error ? error.name : 'Unknown',
    message: error instanceof Error ? error.message : String(error),
  };
}
