/**
 * `npm run bench`: runs each benchmark in its own process (so each peak-memory figure is its own)
 * and prints one JSON document with every report. Progress goes to stderr.
 * Usage: npm run bench -- [--preset small|medium|large] [--only scan,reach,...]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { flag } from './lib/measure';

const BENCHMARKS = ['scan', 'reach', 'drift', 'bundle-size'] as const;

function main(): number {
  const preset = flag(process.argv, 'preset') ?? 'large';
  const only = flag(process.argv, 'only')?.split(',');
  const unknown = only?.filter((name) => !(BENCHMARKS as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}\n`);
    return 1;
  }
  const tsx = require.resolve('tsx/cli');
  const reports: unknown[] = [];
  let failed = false;
  for (const name of BENCHMARKS.filter((b) => !only || only.includes(b))) {
    process.stderr.write(`bench: ${name} (${preset})...\n`);
    const run = spawnSync(process.execPath, [tsx, join(__dirname, `${name}.bench.ts`), '--preset', preset], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) {
      process.stderr.write(run.stderr);
      failed = true;
      continue;
    }
    const line = run.stdout.trim().split('\n').pop() ?? '{}';
    reports.push(JSON.parse(line));
  }
  process.stdout.write(`${JSON.stringify({ machine: machineFacts(), reports }, null, 2)}\n`);
  return failed ? 1 : 0;
}

function machineFacts(): Record<string, string | number> {
  const os = require('node:os') as typeof import('node:os');
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown' };
}

process.exitCode = main();
