import path from 'node:path';
import type { Command } from 'commander';
import { Ec2NetworkWriter } from '../../aws/ec2-network-writer';
import type { Finding } from '../../core/findings/finding';
import type { Snapshot } from '../../core/model/snapshot';
import type { ActionOutcome, ApplyReport } from '../../core/remediation/apply-per-resource';
import type { FlapGuardSettings } from '../../core/remediation/config';
import { checkFlap, type RemediationEvent } from '../../core/remediation/flap-guard';
import { describeAction } from '../../core/remediation/plan';
import { planInSequence, type RemediationItem } from '../../core/remediation/remediate';
import { verifyPlans } from '../../core/remediation/verify';
import { DEFAULT_STATE_DIR, PlanStore, type PlanTarget, type StoredPlan } from '../../local/plan-store';
import { EXAMPLE_SNAPSHOT_DIR } from '../../local/snapshot-folder';
import { assertUsableOutputFolder, SnapshotNetworkWriter } from '../../local/snapshot-writer';
import type { NetworkWriter } from '../../ports';
import { type CliContext, type CommandRegistrar, UsageError } from '../context';
import { type InteractiveDependencies, processDependencies } from '../interactive';
import { ec2Client, INPUT_HELP, loadRemediationContext, type RemediationInputOptions } from './plan';

/** Exit code when the person answered no. */
export const EXIT_DECLINED = 2;
/** Exit code when some action failed (the others were applied; the plan can still be rolled back). */
export const EXIT_PARTIAL = 3;

interface ApplyOptions extends RemediationInputOptions {
  out?: string;
  only?: string;
  yes?: boolean;
}

export type ApplyDependencies = InteractiveDependencies;

/** Where the changes go: --out for a snapshot (new or empty folder), the account itself for --region. */
async function targetOf(opts: ApplyOptions): Promise<PlanTarget> {
  if (opts.region !== undefined) {
    if (opts.out !== undefined)
      throw new UsageError('--out is for snapshots: with --region the account itself is changed');
    return opts.profile
      ? { kind: 'aws', region: opts.region, profile: opts.profile }
      : { kind: 'aws', region: opts.region };
  }
  if (opts.out === undefined)
    throw new UsageError('--out <dir> is required: the changed snapshot is written to a new folder');
  await assertUsableOutputFolder(opts.out, opts.snapshot ?? EXAMPLE_SNAPSHOT_DIR);
  return { kind: 'snapshot', outputDir: path.resolve(opts.out) };
}

/** The writer for a target, and how to release what it holds. */
export function writerFor(
  target: PlanTarget,
  snapshot: Snapshot | undefined,
): { writer: NetworkWriter; close: () => void } {
  if (target.kind === 'snapshot') {
    if (snapshot === undefined) throw new Error(`writing to ${target.outputDir} needs the snapshot to change`);
    return { writer: new SnapshotNetworkWriter(snapshot, target.outputDir), close: () => undefined };
  }
  const client = ec2Client(target.region, target.profile);
  return { writer: new Ec2NetworkWriter(client), close: () => client.destroy() };
}

/** Why an item is not applied, or undefined when it is applied. */
function exclusion(
  item: RemediationItem,
  history: readonly RemediationEvent[],
  now: Date,
  settings: FlapGuardSettings,
): string | undefined {
  if (item.plan.status !== 'ready') return `manual: ${item.plan.summary}`;
  if (!item.verdict?.safe) return `unsafe: ${item.verdict?.reason ?? 'not verified'}`;
  if (item.decision.outcome === 'exempt') return item.decision.reasons[0] ?? 'exempt';
  if (item.decision.mode === 'detect') return `mode detect configured for ${item.plan.ruleId}: never changed`;
  const flap = checkFlap(history, item.plan.resourceId, item.plan.ruleId, now, settings);
  return flap.tripped ? flap.reason : undefined;
}

function findingOf(items: readonly RemediationItem[], key: string): Finding {
  const item = items.find((i) => i.plan.findingKey === key);
  if (!item) throw new Error(`no selected finding has key ${key}`);
  return item.finding;
}

function matchesOnly(item: RemediationItem, only: readonly string[]): boolean {
  return only.length === 0 || only.includes(item.plan.ruleId) || only.includes(item.plan.resourceId);
}

function tally(outcomes: readonly ActionOutcome[]): string {
  const count = (status: ActionOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return `${count('applied')} applied, ${count('already-in-desired-state')} already in place, ${count('failed')} failed, ${count('skipped')} skipped`;
}

export function createApplyCommand(deps: ApplyDependencies = processDependencies): CommandRegistrar {
  return (program: Command, ctx: CliContext) => {
    program
      .command('apply')
      .description(
        'Apply the plans proved safe, to a new snapshot folder or to a live account (--region); prints a plan id for rollback',
      )
      .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
      .option('--out <dir>', 'new or empty folder the changed snapshot is written to (required with a snapshot)')
      .option('--region <region>', 'change a live account Region through EC2 instead of a snapshot')
      .option('--profile <name>', 'named profile for --region (default: the default credential chain)')
      .option('--only <rules-or-resources>', 'apply only plans of these rule ids or resource ids (comma-separated)')
      .option('--yes', 'apply without asking (required when stdin is not a terminal)')
      .option('--intents <file>', 'intents YAML to verify the plans against')
      .option('--config <file>', 'remediation config (modes, exemptions, flap guard, narrowing, flow logs)')
      .option('--rules-config <file>', 'rule parameters, as for netwarden scan')
      .option('--state <dir>', 'state folder where the plan and the before-state are stored', DEFAULT_STATE_DIR)
      .addHelpText(
        'after',
        `
${INPUT_HELP}

What is applied: every plan netwarden plan shows as SAFE, except exempt findings, rules in mode
detect, and findings the flap guard stops; --only narrows it further. The selected plans are verified
once more together (two safe fixes could still cut a flow together). Then the actions are listed and
you are asked to confirm; without a terminal, --yes is required.

The input snapshot is never changed: the result goes to --out. With --region the account itself is
changed through EC2 (idempotent calls, throttling retried, one failing resource never stops the others;
needs ec2:Describe*, Revoke/AuthorizeSecurityGroup*, *NetworkAclEntry, *Route, CreateFlowLogs,
ModifySubnetAttribute and iam:PassRole for the flow-log role). Before the first change, the plan and
the before-state of every touched resource (described first) are stored as
${DEFAULT_STATE_DIR}/plans/<plan-id>.json (or under --state); undo with netwarden rollback <plan-id>.

Exit codes: 0 applied (or nothing to apply), ${EXIT_DECLINED} you answered no, ${EXIT_PARTIAL} some action failed
(the rest were applied; the plan can be rolled back), 1 error (bad input, --out not empty, no --yes
without a terminal, the selected plans are unsafe together).`,
      )
      .action(async (opts: ApplyOptions) => {
        const target = await targetOf(opts);
        const now = deps.now();
        const context = await loadRemediationContext(opts, ctx.io, now);
        const only = (opts.only ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        const candidates = context.run.items.filter((item) => matchesOnly(item, only));
        if (only.length > 0 && candidates.length === 0) {
          throw new UsageError(`--only ${opts.only}: no finding of these rules or resources (see netwarden plan)`);
        }
        const selected: RemediationItem[] = [];
        for (const item of candidates) {
          const why = exclusion(item, context.history, now, context.config.flapGuard);
          if (why === undefined) selected.push(item);
          else if (only.length > 0) ctx.io.err(`not applied: ${item.plan.ruleId} on ${item.plan.resourceId}: ${why}\n`);
        }
        if (selected.length === 0) {
          ctx.io.out('Nothing to apply: no finding has a plan proved safe (see netwarden plan).\n');
          return;
        }
        // Re-plan in order on the network as the earlier plans leave it, so plans cannot collide.
        const sequence = planInSequence(
          context.read.snapshot,
          selected.map((i) => i.finding),
          context.config,
        );
        for (const { finding, reason } of sequence.dropped) {
          ctx.io.out(`skipped: ${finding.ruleId} on ${finding.resourceId}: ${reason}\n`);
        }
        const together = verifyPlans(context.read.snapshot, sequence.plans, {
          before: context.run.intentsBefore,
          rulesConfig: context.rulesConfig,
          ...(context.intents.check ? { checkIntents: context.intents.check } : {}),
        });
        if (!together.safe) {
          throw new UsageError(
            `the ${sequence.plans.length} selected plans are unsafe together: ${together.reason}; apply them separately with --only`,
          );
        }
        const actions = sequence.plans.flatMap((p) => p.actions);
        ctx.io.out(
          `${sequence.plans.length} plan(s), ${actions.length} action(s) to apply to ${context.read.origin}:\n`,
        );
        for (const plan of sequence.plans) {
          ctx.io.out(`  ${plan.ruleId} on ${plan.resourceId}: ${plan.summary}\n`);
          for (const action of plan.actions) ctx.io.out(`    - ${describeAction(action)}\n`);
        }
        if (!opts.yes) {
          if (!deps.isInteractive()) {
            throw new UsageError(
              'refusing to apply without confirmation: stdin is not a terminal, so pass --yes to apply these actions',
            );
          }
          const answer = (await deps.ask(`Apply these ${actions.length} action(s)? [y/N] `)).trim().toLowerCase();
          if (answer !== 'y' && answer !== 'yes') {
            ctx.io.out('Not applied.\n');
            ctx.setExitCode(EXIT_DECLINED);
            return;
          }
        }
        const id = PlanStore.newId(now);
        const record: StoredPlan = {
          id,
          createdAt: now.toISOString(),
          status: 'applying',
          inputOrigin: context.read.origin,
          target,
          items: sequence.plans.map((plan) => ({
            findingKey: plan.findingKey,
            ruleId: plan.ruleId,
            resourceId: plan.resourceId,
            finding: findingOf(selected, plan.findingKey),
            summary: plan.summary,
            actions: plan.actions,
          })),
          beforeState: [],
          outcomes: [],
        };
        const { writer, close } = writerFor(target, context.read.snapshot);
        let report: ApplyReport;
        try {
          report = await writer.apply(actions, {
            recordBeforeState: async (states) => {
              record.beforeState = states;
              await context.store.save(record);
            },
          });
        } finally {
          close();
        }
        record.outcomes = report.outcomes;
        record.status = report.ok ? 'applied' : 'partially-applied';
        const file = await context.store.save(record);
        for (const outcome of report.outcomes.filter((o) => o.status === 'failed' || o.status === 'skipped')) {
          ctx.io.err(
            `${outcome.status}: ${describeAction(outcome.action)}: ${outcome.message ?? outcome.code ?? ''}\n`,
          );
        }
        ctx.io.out(
          `Plan ${id}: ${tally(report.outcomes)}.\n` +
            `${target.kind === 'aws' ? `Changed ${context.read.origin}` : `Snapshot written to ${target.outputDir}`}; plan and before-state stored in ${file}.\n` +
            `Undo with: netwarden rollback ${id}${opts.state && opts.state !== DEFAULT_STATE_DIR ? ` --state ${opts.state}` : ''}\n`,
        );
        if (!report.ok) ctx.setExitCode(EXIT_PARTIAL);
      });
  };
}

export const registerApply: CommandRegistrar = createApplyCommand();
