import path from 'node:path';
import { touchedResources } from '../../core/remediation/actions';
import type { ApplyReport } from '../../core/remediation/apply-per-resource';
import { type ResourceState, sameResourceState } from '../../core/remediation/before-state';
import { rollbackActions } from '../../core/remediation/inverse';
import { describeAction } from '../../core/remediation/plan';
import { DEFAULT_STATE_DIR, PlanStore, type PlanTarget } from '../../local/plan-store';
import { readSnapshotPath } from '../../local/snapshot-folder';
import { assertUsableOutputFolder } from '../../local/snapshot-writer';
import { type CommandRegistrar, UsageError } from '../context';
import { writerFor } from './apply';

/** Exit code when the rollback ran but a resource is not back to its recorded before-state. */
export const EXIT_NOT_RESTORED = 3;

interface RollbackOptions {
  state: string;
  out?: string;
}

export const registerRollback: CommandRegistrar = (program, ctx) => {
  program
    .command('rollback')
    .description('Undo an applied plan: restore the before-state of every resource it changed')
    .argument('<plan-id>', 'the id netwarden apply printed (plan-YYYYMMDDTHHMMSSZ-xxxxxx)')
    .option('--state <dir>', 'state folder netwarden apply stored the plan in', DEFAULT_STATE_DIR)
    .option('--out <dir>', 'new or empty folder for the rolled-back snapshot (default: <apply output>-rolled-back)')
    .addHelpText(
      'after',
      `
Reads <state>/plans/<plan-id>.json and undoes every action that was applied (each action's inverse,
last first; actions that found the change already in place are left alone):
  - a plan applied to a snapshot: the snapshot apply wrote is read and the rolled-back one is written
    to a new folder (--out, default <apply output>-rolled-back);
  - a plan applied to a live account (--region): the inverse EC2 calls are made in that Region with
    the same profile.
It then describes every touched resource again and compares it with the before-state recorded
before apply changed anything, and says whether each one is restored. A plan is rolled back once.

Exit codes: 0 rolled back and every resource restored, ${EXIT_NOT_RESTORED} rolled back but a resource differs
from its before-state (printed) or an action failed, 1 error (unknown plan id, unreadable state or
snapshot, --out not empty or given for a live account, plan already rolled back).`,
    )
    .action(async (planId: string, opts: RollbackOptions) => {
      const store = new PlanStore(opts.state);
      const plan = await store.load(planId);
      if (plan.rollback) {
        throw new UsageError(`plan ${planId} was already rolled back at ${plan.rollback.at}`);
      }
      if (plan.status === 'applying') {
        throw new UsageError(
          `plan ${planId} never finished applying; compare the network with its stored before-state by hand`,
        );
      }
      const actions = rollbackActions(plan.outcomes.filter((o) => o.status === 'applied').map((o) => o.action));
      const { target, snapshot } = await rollbackTarget(plan.target, opts.out);
      const { writer, close } = writerFor(target, snapshot);
      let stateBeforeRollback: ResourceState[] = [];
      let report: ApplyReport;
      let current: ResourceState[];
      try {
        report = await writer.apply(actions, {
          recordBeforeState: async (states) => {
            stateBeforeRollback = states;
          },
        });
        current = await writer.describe(touchedResources(plan.items.flatMap((i) => i.actions)));
      } finally {
        close();
      }
      const differing = plan.beforeState.filter((before) => {
        const now = current.find((s) => s.resourceId === before.resourceId && s.kind === before.kind);
        return now === undefined || !sameResourceState(before, now);
      });
      const restored = report.ok && differing.length === 0;
      plan.rollback = {
        at: new Date().toISOString(),
        ...(target.kind === 'snapshot' ? { outputDir: target.outputDir } : {}),
        beforeState: stateBeforeRollback,
        actions,
        outcomes: report.outcomes,
        restored,
      };
      plan.status = 'rolled-back';
      await store.save(plan);
      ctx.io.out(`Rolled back plan ${planId}: ${actions.length} action(s) undone.\n`);
      for (const outcome of report.outcomes) {
        ctx.io.out(
          `  ${outcome.status.padEnd(24)} ${describeAction(outcome.action)}${outcome.message ? `: ${outcome.message}` : ''}\n`,
        );
      }
      for (const before of differing) {
        ctx.io.err(`not restored: ${before.resourceId} differs from its before-state recorded in ${planId}\n`);
      }
      const where =
        target.kind === 'snapshot' ? `Snapshot written to ${target.outputDir}` : `Changed aws:${target.region}`;
      ctx.io.out(
        `${where}; ${restored ? `all ${plan.beforeState.length} touched resource(s) match their before-state` : 'some resources differ from their before-state'}.\n`,
      );
      if (!restored) ctx.setExitCode(EXIT_NOT_RESTORED);
    });
};

/** A snapshot plan is rolled back from the folder apply wrote into a new one; a live plan in its account. */
async function rollbackTarget(applied: PlanTarget, out: string | undefined) {
  if (applied.kind === 'aws') {
    if (out !== undefined) throw new UsageError(`--out is for snapshots: plan was applied to aws:${applied.region}`);
    return { target: applied, snapshot: undefined };
  }
  const outputDir = path.resolve(out ?? `${applied.outputDir}-rolled-back`);
  await assertUsableOutputFolder(outputDir, applied.outputDir);
  const read = await readSnapshotPath(applied.outputDir);
  return { target: { kind: 'snapshot' as const, outputDir }, snapshot: read.snapshot };
}
