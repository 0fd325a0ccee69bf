/**
 * Drift of a synthetic estate against its approved baseline: capture, the per-resource diff of the
 * whole estate after a batch of hand-made changes, and the cost of judging (risky / breaking /
 * benign, with a proved restore plan) a sample of those differences.
 * Usage: tsx bench/drift.bench.ts [--preset small|medium|large] [--changes 60] [--classify 3]
 */
import { assessDrift, captureBaseline, diffSnapshots } from '../lambdas/core/drift';
import { cloneSnapshot, type Snapshot } from '../lambdas/core/model/snapshot';
import { type EstatePresetName, generateEstate } from './generator';
import { type BenchReport, flag, peakRssMiB, round, timeMs } from './lib/measure';

/** Three kinds of change a person makes by hand, spread over the estate: deleted routes, new open SG rules, edited ACL entries. */
function drifted(snapshot: Snapshot, changes: number): Snapshot {
  const next = cloneSnapshot(snapshot);
  const perKind = Math.max(1, Math.floor(changes / 3));
  const tables = next.RouteTables.filter((t) => (t.Routes ?? []).some((r) => r.Origin === 'CreateRoute'));
  for (const table of tables.slice(0, perKind)) {
    const index = (table.Routes ?? []).findIndex((r) => r.Origin === 'CreateRoute');
    table.Routes?.splice(index, 1);
  }
  for (const group of next.SecurityGroups.slice(0, perKind)) {
    group.IpPermissions = [
      ...(group.IpPermissions ?? []),
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'debug' }] },
    ];
  }
  for (const acl of next.NetworkAcls.slice(0, perKind)) {
    const entry = (acl.Entries ?? []).find((e) => e.RuleNumber < 32767);
    if (entry) entry.RuleAction = entry.RuleAction === 'allow' ? 'deny' : 'allow';
  }
  return next;
}

async function main(): Promise<void> {
  const preset = (flag(process.argv, 'preset') ?? 'large') as EstatePresetName;
  const changes = Number(flag(process.argv, 'changes') ?? 60);
  const classify = Number(flag(process.argv, 'classify') ?? 3);
  const approved = generateEstate({ preset });
  const current = drifted(approved, changes);

  const capture = await timeMs(() =>
    captureBaseline(approved, { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'bench' }),
  );
  const diff = await timeMs(() => diffSnapshots(capture.value, current));
  const sample = new Set(diff.value.slice(0, classify).map((d) => `${d.resourceId}|${d.path}`));
  const judged = await timeMs(() =>
    assessDrift({
      baseline: capture.value,
      snapshot: current,
      now: new Date('2026-11-22T00:00:00.000Z'),
      include: (d) => sample.has(`${d.resourceId}|${d.path}`),
    }),
  );
  const classes = judged.value.items.map((i) => i.classification.class);

  const report: BenchReport = {
    benchmark: 'drift',
    size: {
      preset,
      resourcesInBaseline: Object.keys(capture.value.resources).length,
      changesMade: changes,
      differencesFound: diff.value.length,
      differencesJudged: judged.value.items.length,
    },
    figures: {
      captureMs: capture.ms,
      diffMs: diff.ms,
      judgeSampleMs: judged.ms,
      judgePerDifferenceMs: judged.value.items.length ? round(judged.ms / judged.value.items.length) : 0,
      risky: classes.filter((c) => c === 'risky').length,
      breaking: classes.filter((c) => c === 'breaking').length,
      benign: classes.filter((c) => c === 'benign').length,
      peakRssMiB: peakRssMiB(),
    },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`drift benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
