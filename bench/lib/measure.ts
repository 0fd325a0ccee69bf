import { performance } from 'node:perf_hooks';

/** Wall time of one synchronous or asynchronous step, in milliseconds (3 decimals). */
export async function timeMs<T>(step: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await step();
  return { ms: round(performance.now() - started), value };
}

/** Peak resident memory of this process so far, in MiB (the kernel's high-water mark). */
export function peakRssMiB(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return round(sortedMs[Math.max(0, index)] ?? 0);
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Reads `--name value` pairs; the benchmarks take a handful of knobs, not a CLI framework. */
export function flag(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
}

/** One benchmark's result: what was measured, on what size, and the figures. */
export interface BenchReport {
  benchmark: string;
  size: Record<string, number | string>;
  figures: Record<string, number | string | boolean>;
  budgets?: Record<string, { limit: number; actual: number; within: boolean }>;
}

export function budget(limit: number, actual: number): { limit: number; actual: number; within: boolean } {
  return { limit, actual, within: actual <= limit };
}
