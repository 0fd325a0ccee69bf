import type { CliIO } from '../context';

/** Machine output: two-space indented JSON and a final newline, so it diffs and pipes cleanly. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function printJson(io: CliIO, value: unknown): void {
  io.out(formatJson(value));
}
