import type { Diagnostic } from '../../core/model/snapshot';
import type { CliIO } from '../context';

/** One line per diagnostic on stderr: `warning: file: $.path: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.level}: ${d.source}${d.path ? `: ${d.path}` : ''}: ${d.message}`;
}

export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.err(`${formatDiagnostic(d)}\n`);
}
