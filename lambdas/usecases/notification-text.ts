/** The words of NetWarden's messages: what changed, who, why dangerous (the path), what was done, how to undo. */
import { type Finding, SEVERITIES, type Severity, severityRank } from '../core/findings/finding';
import type { RemediationAction } from '../core/remediation/actions';
import type { Decision } from '../core/remediation/decide';
import { inverseOf } from '../core/remediation/inverse';
import { describeAction } from '../core/remediation/plan';
import type { ApplyReport } from '../ports';
import type { ExposedInterface, IntentOutcome } from './network-engine-port';

export function worstSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((worst, s) => (severityRank(s) > severityRank(worst) ? s : worst), 'info');
}

function kebab(api: string): string {
  return api.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The AWS CLI command that undoes one applied action (its parameters are the EC2 API's own). */
export function rollbackCommand(action: RemediationAction): string {
  const inverse = inverseOf(action);
  const json = JSON.stringify(inverse.params).replace(/'/g, `'\\''`);
  return `aws ec2 ${kebab(inverse.api)} --cli-input-json '${json}'`;
}

export interface FindingOutcome {
  finding: Finding;
  decision?: Decision;
  /** Summary of the plan: what would be (or was) done. */
  planSummary?: string;
  actions: RemediationAction[];
  report?: ApplyReport;
  /** Set when this finding's flow failed; the others went on. */
  failure?: string;
}

function findingLines(o: FindingOutcome): string[] {
  const f = o.finding;
  const lines = [`- [${f.severity}] ${f.ruleId} on ${f.resourceId}: ${f.message}`];
  if (f.exposure) {
    lines.push(
      `  Evidence: ${f.exposure.reachableFromInternet ? 'reachable from the internet' : 'not reachable from the internet'}: ${f.exposure.evidence}`,
    );
  }
  if (o.failure) {
    lines.push(`  Failed: ${o.failure}`);
    return lines;
  }
  if (o.decision) lines.push(`  Decision: ${o.decision.outcome} (${o.decision.reasons.join('; ')})`);
  if (o.report) {
    const applied = o.report.outcomes.filter((x) => x.status === 'applied' || x.status === 'already-in-desired-state');
    for (const outcome of o.report.outcomes) {
      const detail = outcome.message ? `: ${outcome.message}` : '';
      lines.push(`  Done: ${describeAction(outcome.action)} -> ${outcome.status}${detail}`);
    }
    for (const outcome of applied) lines.push(`  Undo: ${rollbackCommand(outcome.action)}`);
  } else if (o.planSummary) {
    lines.push(`  Suggested fix (not applied): ${o.planSummary}`);
  }
  return lines;
}

export interface ChangeMessageInput {
  eventName: string;
  eventId: string;
  eventTime: string;
  principal: string;
  resourceIds: readonly string[];
  outcomes: readonly FindingOutcome[];
}

export function changeMessage(input: ChangeMessageInput): { subject: string; body: string; severity: Severity } {
  const severity = worstSeverity(input.outcomes.map((o) => o.finding.severity));
  const remediated = input.outcomes.filter((o) => o.report?.ok).length;
  const subject = `NetWarden [${severity}] ${input.eventName} on ${input.resourceIds.join(', ')}${remediated > 0 ? ' (remediated)' : ''}`;
  const body = [
    `What changed: ${input.eventName} on ${input.resourceIds.join(', ')} at ${input.eventTime} (CloudTrail event ${input.eventId}).`,
    `Who: ${input.principal}`,
    '',
    `Findings (${input.outcomes.length}):`,
    ...input.outcomes.flatMap(findingLines),
  ].join('\n');
  return { subject, body, severity };
}

export interface AssuranceMessageInput {
  /** What started the run: "scheduled run", "alarm NetWarden-IntentViolations entered ALARM: ...". */
  trigger: string;
  intents: readonly IntentOutcome[];
  exposed: readonly ExposedInterface[];
  findings: readonly Finding[];
}

export function assuranceMessage(input: AssuranceMessageInput): { subject: string; body: string; severity: Severity } {
  const violated = input.intents.filter((i) => !i.holds);
  const counts = SEVERITIES.map((s) => `${s} ${input.findings.filter((f) => f.severity === s).length}`).join(', ');
  const severity = violated.length > 0 ? 'high' : worstSeverity(input.findings.map((f) => f.severity));
  const subject = `NetWarden assurance: ${violated.length} intent violation(s), ${input.exposed.length} exposed interface(s)`;
  const body = [
    `Why: ${input.trigger}`,
    '',
    `Intents: ${input.intents.length - violated.length} of ${input.intents.length} hold.`,
    ...violated.map((i) => `- VIOLATED ${i.kind} ${i.name}: ${i.evidence}`),
    '',
    `Interfaces the internet reaches (${input.exposed.length}):`,
    ...input.exposed.map((e) => `- ${e.interfaceId} on ${e.services}: ${e.evidence}`),
    '',
    `Open findings by severity: ${counts}.`,
    ...input.findings
      .filter((f) => severityRank(f.severity) >= severityRank('high'))
      .map(
        (f) =>
          `- [${f.severity}] ${f.ruleId} on ${f.resourceId}: ${f.message}${f.exposure ? ` (${f.exposure.evidence})` : ''}`,
      ),
  ].join('\n');
  return { subject, body, severity };
}
