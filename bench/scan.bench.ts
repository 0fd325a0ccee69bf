/**
 * Load + index + full scan of a synthetic estate, as `netwarden scan --snapshot DIR` does it: the
 * estate is written to a snapshot folder first so that loading measures real file parsing.
 * The first pass is what one `netwarden scan` pays (cold process, JIT not warmed); the median of
 * the repeated passes is what a warm Lambda pays. Both are printed; the budget is judged on the first.
 * Usage: tsx bench/scan.bench.ts [--preset small|medium|large] [--repeat 3]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkModel } from '../lambdas/core/model/network-model';
import { runRules } from '../lambdas/core/rules';
import { readSnapshotPath } from '../lambdas/local/snapshot-folder';
import { type EstatePresetName, writeEstate } from './generator';
import { type BenchReport, budget, flag, peakRssMiB, round, timeMs } from './lib/measure';

async function main(): Promise<void> {
  const preset = (flag(process.argv, 'preset') ?? 'large') as EstatePresetName;
  const dir = await mkdtemp(join(tmpdir(), 'netwarden-bench-'));
  try {
    await writeEstate(dir, { preset });
    const repeat = Math.max(1, Number(flag(process.argv, 'repeat') ?? 3));
    const passes = [];
    for (let i = 0; i < repeat; i++) passes.push(await onePass(dir));
    const first = passes[0];
    if (first === undefined) throw new Error('no pass ran');
    const { load, index, scan } = first;
    const warmTotals = passes.slice(1).map((p) => p.totalMs);
    const snapshot = load.value.snapshot;
    const rules = snapshot.SecurityGroups.reduce(
      (n, g) => n + (g.IpPermissions?.length ?? 0) + (g.IpPermissionsEgress?.length ?? 0),
      0,
    );
    const total = first.totalMs;
    const peak = peakRssMiB();
    const report: BenchReport = {
      benchmark: 'scan',
      size: {
        preset,
        networkInterfaces: snapshot.NetworkInterfaces.length,
        securityGroups: snapshot.SecurityGroups.length,
        securityGroupPermissions: rules,
        securityGroupRuleRows: snapshot.SecurityGroupRules.length,
        subnets: snapshot.Subnets.length,
        routeTables: snapshot.RouteTables.length,
        networkAcls: snapshot.NetworkAcls.length,
      },
      figures: {
        loadMs: load.ms,
        indexMs: index.ms,
        scanMs: scan.ms,
        totalMs: total,
        warmPasses: warmTotals.length,
        warmMedianTotalMs: median(warmTotals),
        warmBestTotalMs: warmTotals.length ? Math.min(...warmTotals) : 0,
        findings: scan.value.length,
        loadDiagnostics: load.value.diagnostics.length,
        peakRssMiB: peak,
      },
      budgets: { totalMs: budget(2000, total), peakRssMiB: budget(1024, peak) },
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function onePass(dir: string) {
  const load = await timeMs(() => readSnapshotPath(dir));
  const index = await timeMs(() => NetworkModel.build(load.value.snapshot));
  const scan = await timeMs(() => runRules(index.value));
  return { load, index, scan, totalMs: round(load.ms + index.ms + scan.ms) };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`scan benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
