/**
 * Reachability on a synthetic estate: index build, single path queries (p50/p99 over N random
 * queries), the full internet-exposure sweep of every ENI, peak memory, and the speed ratio against
 * the deliberately simple per-packet evaluator that the differential test uses as its oracle.
 * Usage: tsx bench/reach.bench.ts [--preset small|medium|large] [--queries 10000] [--naive 200]
 */
import { NetworkModel } from '../lambdas/core/model/network-model';
import { TCP } from '../lambdas/core/net/protocol';
import { analyzePath, exposureOf, type PathQuery, reachIndexFor } from '../lambdas/core/reach';
import { naiveReachable } from '../test/unit/reach/naive-evaluator';
import { type EstatePresetName, generateEstate, Prng } from './generator';
import { type BenchReport, budget, flag, peakRssMiB, percentile, round, timeMs } from './lib/measure';

const COMMON_PORTS = [22, 80, 443, 3306, 5432, 6379, 8080];

async function main(): Promise<void> {
  const preset = (flag(process.argv, 'preset') ?? 'large') as EstatePresetName;
  const queryCount = Number(flag(process.argv, 'queries') ?? 10_000);
  const naiveCount = Number(flag(process.argv, 'naive') ?? 200);
  const snapshot = generateEstate({ preset });
  const model = NetworkModel.build(snapshot);
  // The index compiles lazily; building all of it up front is what a full sweep or a Lambda's
  // first invocations pay, so that is what "index" measures here.
  const index = await timeMs(() => {
    const reach = reachIndexFor(model);
    for (const g of snapshot.SecurityGroups) reach.group(g.GroupId);
    for (const e of snapshot.NetworkInterfaces) reach.eni(e.NetworkInterfaceId);
    for (const s of snapshot.Subnets) {
      reach.aclForSubnet(s.SubnetId);
      reach.routeTableForSubnet(s.SubnetId);
    }
    return reach;
  });

  const prng = new Prng(42);
  const enis = snapshot.NetworkInterfaces.map((e) => e.NetworkInterfaceId);
  const pick = (): string => enis[Math.floor(prng.next() * enis.length)] ?? 'internet';
  const queries: PathQuery[] = Array.from({ length: queryCount }, () => ({
    source: prng.next() < 0.2 ? 'internet' : pick(),
    destination: pick(),
    protocol: TCP,
    destinationPorts: portRange(COMMON_PORTS[Math.floor(prng.next() * COMMON_PORTS.length)] ?? 443),
  }));

  const times: number[] = [];
  let reachable = 0;
  for (const query of queries) {
    const { ms, value } = await timeMs(() => analyzePath(model, query));
    times.push(ms);
    if (value.reachable) reachable++;
  }
  times.sort((a, b) => a - b);

  const sweep = await timeMs(() => exposureOf(model));

  // The oracle scans the raw snapshot per packet; a sample is enough for a ratio.
  const sample = queries.filter((q) => q.source !== 'internet').slice(0, naiveCount);
  let engineMs = 0;
  let naiveMs = 0;
  let compared = 0;
  for (const q of sample) {
    const port = q.destinationPorts?.from ?? 443;
    const naive = await timeMs(() =>
      naiveReachable(snapshot, {
        from: q.source,
        to: q.destination,
        protocol: 'tcp',
        port,
        sourcePort: 40000,
        internetAddress: '198.51.100.7',
      }),
    );
    if (naive.value === undefined) continue;
    const engine = await timeMs(() => analyzePath(model, { ...q, sourcePort: 40000 }));
    engineMs += engine.ms;
    naiveMs += naive.ms;
    compared++;
  }

  const p99 = percentile(times, 99);
  const peak = peakRssMiB();
  const report: BenchReport = {
    benchmark: 'reach',
    size: {
      preset,
      networkInterfaces: snapshot.NetworkInterfaces.length,
      securityGroups: snapshot.SecurityGroups.length,
      subnets: snapshot.Subnets.length,
      routeTables: snapshot.RouteTables.length,
      queries: queryCount,
      naiveSample: compared,
    },
    figures: {
      indexMs: index.ms,
      queryP50Ms: percentile(times, 50),
      queryP99Ms: p99,
      queryMaxMs: percentile(times, 100),
      reachableQueries: reachable,
      sweepMs: sweep.ms,
      exposedInterfaces: sweep.value.filter((e) => e.exposed).length,
      naiveMeanMs: compared ? round(naiveMs / compared) : 0,
      engineMeanMs: compared ? round(engineMs / compared) : 0,
      naiveOverEngine: engineMs > 0 ? round(naiveMs / engineMs) : 0,
      peakRssMiB: peak,
    },
    budgets: {
      queryP99Ms: budget(5, p99),
      sweepMs: budget(10_000, sweep.ms),
      indexMs: budget(2_000, index.ms),
    },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function portRange(port: number): { from: number; to: number } {
  return { from: port, to: port };
}

main().catch((error: unknown) => {
  process.stderr.write(`reach benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
