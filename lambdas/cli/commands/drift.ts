import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { assessDrift, type DriftAssessment, type DriftItem, driftFinding } from '../../core/drift/assess-drift';
import type { Baseline } from '../../core/drift/baseline';
import { describeEffect } from '../../core/drift/classify';
import { describeDifference } from '../../core/drift/diff';
import { DRIFT_RULE_ID_LIST } from '../../core/drift/drift-rules';
import { parseIntents, verifyIntents } from '../../core/intents';
import type { NetworkModel } from '../../core/model/network-model';
import type { Snapshot } from '../../core/model/snapshot';
import { assessExposure } from '../../core/reach';
import { parseRemediationConfig } from '../../core/remediation/config';
import { describeAction } from '../../core/remediation/plan';
import type { IntentChecker } from '../../core/remediation/verify';
import { verifyPlans } from '../../core/remediation/verify';
import { parseRulesConfig, RULE_ID_LIST, type RulesConfig } from '../../core/rules';
import { readBaselineFile } from '../../local/baseline-file';
import { DEFAULT_STATE_DIR, PlanStore, type StoredPlan } from '../../local/plan-store';
import { EXAMPLE_INTENTS_FILE, EXAMPLE_SNAPSHOT_DIR, resolveSnapshotInput } from '../../local/snapshot-folder';
import { assertUsableOutputFolder, SnapshotNetworkWriter } from '../../local/snapshot-writer';
import type { ApplyReport } from '../../ports';
import { type CliContext, type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';
import { printJson } from '../format/json';
import { parseOutputFormat } from '../format/output-format';
import { renderTable } from '../format/table';
import { type InteractiveDependencies, processDependencies } from '../interactive';

/** Exit code when drift was found (and, with --apply, some of it is still there). */
export const EXIT_DRIFT = 2;

interface DriftOptions {
  baseline?: string;
  snapshot?: string;
  intents?: string;
  config?: string;
  rulesConfig?: string;
  format: string;
  apply?: boolean;
  out?: string;
  yes?: boolean;
  state: string;
}

export type DriftDependencies = InteractiveDependencies;

async function readText(file: string, option: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(
      `${option} ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function readDocument(file: string | undefined, option: string): Promise<unknown> {
  if (file === undefined) return undefined;
  const text = await readText(file, option);
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    return parseYaml(text);
  } catch (error: unknown) {
    throw new UsageError(
      `${option} ${file}: not valid JSON or YAML (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function intentChecker(file: string | undefined): Promise<{ source?: string; check?: IntentChecker }> {
  if (file === undefined) return {};
  const { intents } = parseIntents(await readText(file, '--intents'), file);
  return { source: file, check: (model: NetworkModel) => verifyIntents(model, intents) };
}

function restoreText(item: DriftItem): string {
  if (item.plan.status === 'manual') return 'manual';
  return item.verdict?.safe ? 'safe' : 'unsafe';
}

function printTable(ctx: CliContext, items: readonly DriftItem[]): void {
  ctx.io.out(
    renderTable(items, [
      { header: 'CLASS', value: (i) => i.classification.class },
      { header: 'RESOURCE', value: (i) => i.difference.resourceId },
      { header: 'CHANGE', value: (i) => `${i.difference.kind} ${i.difference.path}`, maxWidth: 70 },
      { header: 'RESTORE', value: restoreText },
      { header: 'DECISION', value: (i) => i.decision.outcome },
    ]),
  );
  for (const item of items) {
    ctx.io.out(`\n${describeDifference(item.difference)}\n`);
    ctx.io.out(`  class:    ${item.classification.class}\n`);
    for (const effect of item.classification.effects) ctx.io.out(`    ${describeEffect(effect)}\n`);
    if (item.cloudFormationStack) ctx.io.out(`  managed:  by CloudFormation stack ${item.cloudFormationStack}\n`);
    ctx.io.out(`  restore:  ${item.plan.status === 'ready' ? item.plan.summary : `manual: ${item.plan.summary}`}\n`);
    item.plan.actions.forEach((action, n) => {
      ctx.io.out(`    ${n + 1}. ${describeAction(action)}\n`);
    });
    if (item.verdict) ctx.io.out(`  proof:    ${item.verdict.safe ? 'SAFE' : 'UNSAFE'}: ${item.verdict.reason}\n`);
    ctx.io.out(`  decision: ${item.decision.outcome}: ${item.decision.reasons[0] ?? ''}\n`);
  }
}

function itemJson(item: DriftItem): Record<string, unknown> {
  return {
    key: item.key,
    difference: item.difference,
    class: item.classification.class,
    severity: item.classification.severity,
    effects: item.classification.effects,
    cloudFormationStack: item.cloudFormationStack ?? null,
    plan: { ...item.plan, steps: item.plan.actions.map(describeAction) },
    verdict: item.verdict ?? null,
    decision: item.decision,
  };
}

function summary(assessment: DriftAssessment) {
  const count = (c: string) => assessment.items.filter((i) => i.classification.class === c).length;
  return {
    differences: assessment.items.length,
    risky: count('risky'),
    breaking: count('breaking'),
    benign: count('benign'),
    restorable: assessment.items.filter((i) => i.decision.outcome === 'remediate').length,
  };
}

function baselineJson(file: string, baseline: Baseline) {
  return {
    file: path.resolve(file),
    capturedAt: baseline.capturedAt,
    origin: baseline.origin,
    approvals: baseline.approvals.length,
  };
}

interface ApplyResult {
  planId: string;
  report: ApplyReport;
  restored: string[];
  outDir: string;
  file: string;
}

export function createDriftCommand(deps: DriftDependencies = processDependencies): CommandRegistrar {
  return (program: Command, ctx: CliContext) => {
    program
      .command('drift')
      .description('Compare the network with its approved baseline, judge each difference, and restore the safe ones')
      .option('--baseline <file>', 'baseline file written by netwarden baseline capture (required)')
      .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
      .option('--intents <file>', 'intents YAML: must-work / must-never flows each difference and restore is judged on')
      .option('--config <file>', 'remediation config: modes (drift-* rule ids), exemptions, flap guard, flow-log role')
      .option('--rules-config <file>', 'rule parameters, as for netwarden scan')
      .option('--format <format>', 'table or json', 'table')
      .option('--apply', 'restore the differences decided "remediate" (writes a new snapshot to --out)')
      .option('--out <dir>', 'with --apply: new or empty folder the restored snapshot is written to')
      .option('--yes', 'with --apply: restore without asking (required when stdin is not a terminal)')
      .option('--state <dir>', 'where applied restores are kept for rollback and the flap guard', DEFAULT_STATE_DIR)
      .addHelpText(
        'after',
        `
Detects, per resource, every difference from the baseline: security-group rules (descriptions
included), network ACL entries and associations, routes and route-table associations, internet
gateway attachments, NAT gateways, peering connections, flow logs, the subnet public-IP attribute.
Each difference { resourceId, resourceType, kind: added|removed|changed, path, before, after } is
judged on the network with and without it:
  risky     a risk finding appears, or a must-never intent becomes possible
  breaking  a must-work intent stops working
  benign    neither
with the finding or the network path as evidence.

Restore: each difference becomes a plan of EC2 calls (re-create a deleted route with the baseline's
target, revoke exactly an added rule source, put back or replace an ACL entry, re-create a deleted
CloudWatch Logs flow log, set the subnet attribute back); what NetWarden has no call for
(associations, gateways, peering, whole resources, rule descriptions) is a manual step. Each plan is
proved on a simulated copy: it must bring the approved state back and keep every intent that holds.
Decisions use the remediation modes under rule ids ${DRIFT_RULE_ID_LIST.join(', ')}:
default auto; resources tagged aws:cloudformation:stack-name default to notify (restoring them would
fight the stack); exemptions and the flap guard apply as for every remediation.

Inputs:
  --intents FILE  default: the example account's intents when --snapshot is not given, else none
  --config FILE   as for netwarden plan, e.g. modes: { drift-route-table: notify }

--apply restores the differences decided "remediate" (verified once more together) on a copy of the
snapshot written to --out; the input is never changed. Asks for confirmation unless --yes. The
restore is stored under --state and undone with netwarden rollback <plan-id>.
Accept an intended change instead with netwarden baseline approve.

Exit codes: 0 no drift (with --apply: all of it restored), ${EXIT_DRIFT} drift found (with --apply: some
remains), 1 error (bad input, unreadable or malformed baseline, --out not empty, no --yes without a
terminal, restores unsafe together).`,
      )
      .action(async (opts: DriftOptions) => {
        const format = parseOutputFormat(opts.format);
        if (opts.baseline === undefined)
          throw new UsageError('--baseline <file> is required (netwarden baseline capture writes one)');
        if (!opts.apply && (opts.out !== undefined || opts.yes))
          throw new UsageError('--out and --yes go with --apply');
        if (opts.apply && opts.out === undefined) {
          throw new UsageError('--apply needs --out <dir>: the restored snapshot is written to a new folder');
        }
        const now = deps.now();
        if (opts.apply && opts.out !== undefined) {
          await assertUsableOutputFolder(opts.out, opts.snapshot ?? EXAMPLE_SNAPSHOT_DIR);
        }
        const baseline = await readBaselineFile(opts.baseline);
        const config = parseRemediationConfig(await readDocument(opts.config, '--config'), opts.config ?? 'defaults');
        const rulesConfig: Partial<RulesConfig> =
          opts.rulesConfig === undefined
            ? {}
            : parseRulesConfig(
                (await readDocument(opts.rulesConfig, '--rules-config')) ?? {},
                opts.rulesConfig,
                RULE_ID_LIST,
              );
        const read = await resolveSnapshotInput(opts.snapshot);
        printDiagnostics(ctx.io, read.diagnostics);
        const intents = await intentChecker(
          opts.intents ?? (opts.snapshot === undefined ? EXAMPLE_INTENTS_FILE : undefined),
        );
        const store = new PlanStore(opts.state);
        const assessment = assessDrift({
          baseline,
          snapshot: read.snapshot,
          config,
          rulesConfig,
          assessExposure,
          history: await store.remediationHistory(),
          now,
          ...(intents.check ? { checkIntents: intents.check } : {}),
        });
        const applied = opts.apply
          ? await applyRestores(
              ctx,
              deps,
              assessment,
              read.snapshot,
              read.origin,
              opts,
              store,
              rulesConfig,
              intents.check,
            )
          : undefined;
        const remaining = assessment.items.filter((i) => !applied?.restored.includes(i.key));

        if (format === 'json') {
          printJson(ctx.io, {
            baseline: baselineJson(opts.baseline, baseline),
            origin: read.origin,
            intents: intents.source ?? null,
            summary: summary(assessment),
            items: assessment.items.map(itemJson),
            applied: applied
              ? {
                  planId: applied.planId,
                  outDir: applied.outDir,
                  restored: applied.restored,
                  outcomes: applied.report.outcomes,
                }
              : null,
          });
        } else if (assessment.items.length === 0) {
          ctx.io.out(
            `No drift: ${read.origin} matches the baseline ${opts.baseline} (captured ${baseline.capturedAt}).\n`,
          );
        } else {
          const s = summary(assessment);
          ctx.io.out(
            `${s.differences} difference(s) from the baseline ${opts.baseline} on ${read.origin}: ${s.risky} risky, ${s.breaking} breaking, ${s.benign} benign; ${s.restorable} to restore.\n\n`,
          );
          printTable(ctx, assessment.items);
          if (applied) {
            ctx.io.out(
              `\nRestore ${applied.planId}: ${applied.restored.length} difference(s) restored. Snapshot written to ${applied.outDir}; ` +
                `plan and before-state stored in ${applied.file}.\nUndo with: netwarden rollback ${applied.planId}${opts.state !== DEFAULT_STATE_DIR ? ` --state ${opts.state}` : ''}\n`,
            );
          }
        }
        if (remaining.length > 0) ctx.setExitCode(EXIT_DRIFT);
      });
  };
}

async function applyRestores(
  ctx: CliContext,
  deps: DriftDependencies,
  assessment: DriftAssessment,
  snapshot: Snapshot,
  origin: string,
  opts: DriftOptions,
  store: PlanStore,
  rulesConfig: Partial<RulesConfig>,
  checkIntents: IntentChecker | undefined,
): Promise<ApplyResult | undefined> {
  const selected = assessment.items.filter((i) => i.decision.outcome === 'remediate');
  const outDir = path.resolve(opts.out ?? '');
  if (selected.length === 0) {
    ctx.io.err('Nothing to restore: no difference was decided "remediate".\n');
    return undefined;
  }
  const plans = selected.map((i) => i.plan);
  const together = verifyPlans(snapshot, plans, {
    rulesConfig,
    ...(checkIntents ? { checkIntents } : {}),
  });
  if (!together.safe) {
    throw new UsageError(
      `the ${plans.length} restores are unsafe together: ${together.reason}; restore them separately (set modes in --config)`,
    );
  }
  const actions = plans.flatMap((p) => p.actions);
  if (!opts.yes) {
    if (!deps.isInteractive()) {
      throw new UsageError('refusing to restore without confirmation: stdin is not a terminal, so pass --yes');
    }
    ctx.io.err(`${actions.length} action(s) restore ${selected.length} difference(s):\n`);
    for (const action of actions) ctx.io.err(`  - ${describeAction(action)}\n`);
    const answer = (await deps.ask(`Restore? [y/N] `)).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      ctx.io.err('Not restored.\n');
      return undefined;
    }
  }
  const now = deps.now();
  const planId = PlanStore.newId(now);
  const record: StoredPlan = {
    id: planId,
    createdAt: now.toISOString(),
    status: 'applying',
    inputOrigin: origin,
    target: { kind: 'snapshot', outputDir: outDir },
    items: selected.map((item) => ({
      findingKey: item.key,
      ruleId: item.plan.ruleId,
      resourceId: item.plan.resourceId,
      finding: driftFinding(item),
      summary: item.plan.summary,
      actions: item.plan.actions,
    })),
    beforeState: [],
    outcomes: [],
  };
  const writer = new SnapshotNetworkWriter(snapshot, outDir);
  const report = await writer.apply(actions, {
    recordBeforeState: async (states) => {
      record.beforeState = states;
      await store.save(record);
    },
  });
  record.outcomes = report.outcomes;
  record.status = report.ok ? 'applied' : 'partially-applied';
  const file = await store.save(record);
  for (const outcome of report.outcomes.filter((o) => o.status === 'failed' || o.status === 'skipped')) {
    ctx.io.err(`${outcome.status}: ${describeAction(outcome.action)}: ${outcome.message ?? outcome.code ?? ''}\n`);
  }
  const failed = new Set(
    report.outcomes.filter((o) => o.status === 'failed' || o.status === 'skipped').map((o) => o.action),
  );
  const restored = selected.filter((i) => i.plan.actions.every((a) => !failed.has(a))).map((i) => i.key);
  return { planId, report, restored, outDir, file };
}

export const registerDrift: CommandRegistrar = createDriftCommand();
