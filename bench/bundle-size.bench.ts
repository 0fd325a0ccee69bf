/**
 * Size of each Lambda bundle, built exactly as `cdk synth` builds it: NetWardenFunction hands every
 * handler entry to NodejsFunction, which runs esbuild with bundle, minify, sourcemap, platform node,
 * target node22, CommonJS, and the AWS SDK v3 left out (`@aws-sdk/*`, the nodejs22.x runtime
 * provides it). The bundle is what Lambda loads on a cold start, so its size is its init cost.
 * Usage: tsx bench/bundle-size.bench.ts   (`--preset` is accepted and ignored: the bundles do not
 * depend on an estate)
 */
import { build } from 'esbuild';
import { HANDLER_ENTRIES } from '../lib/handler-entries';
import { type BenchReport, budget, timeMs } from './lib/measure';

/** The externals NodejsFunction sets by default for a nodejs22.x function (lib/constructs/netwarden-function.ts sets none). */
const EXTERNALS = ['@aws-sdk/*'];
/** A bundle past 1 MiB of minified JavaScript means a dependency slipped in whole; the handlers are thin. */
const LARGEST_BUNDLE_LIMIT = 1024 * 1024;

function functionName(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

async function bundleBytes(entry: string): Promise<{ js: number; map: number }> {
  const out = await build({
    entryPoints: [entry],
    outfile: 'index.js',
    bundle: true,
    minify: true,
    sourcemap: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: EXTERNALS,
    write: false,
    logLevel: 'silent',
  });
  let js = 0;
  let map = 0;
  for (const file of out.outputFiles) {
    if (file.path.endsWith('.map')) map += file.contents.byteLength;
    else js += file.contents.byteLength;
  }
  return { js, map };
}

async function main(): Promise<void> {
  const figures: BenchReport['figures'] = {};
  let totalBytes = 0;
  let totalSourceMapBytes = 0;
  let largestBytes = 0;
  const entries = Object.entries(HANDLER_ENTRIES);
  const timed = await timeMs(async () => {
    for (const [key, entry] of entries) {
      const size = await bundleBytes(entry);
      figures[`${functionName(key)}Bytes`] = size.js;
      totalBytes += size.js;
      totalSourceMapBytes += size.map;
      largestBytes = Math.max(largestBytes, size.js);
    }
  });
  const report: BenchReport = {
    benchmark: 'bundle-size',
    size: { functions: entries.length },
    figures: { ...figures, totalBytes, totalSourceMapBytes, largestBytes, buildMs: timed.ms },
    budgets: { largestBytes: budget(LARGEST_BUNDLE_LIMIT, largestBytes) },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bundle-size benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
