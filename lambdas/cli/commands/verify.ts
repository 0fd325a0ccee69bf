import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import { IntentsParseError, parseIntents } from '../../core/intents/parse-intents';
import { type IntentResult, verifyIntents } from '../../core/intents/verify-intents';
import { NetworkModel } from '../../core/model/network-model';
import { EXAMPLE_INTENTS_FILE, resolveSnapshotInput } from '../../local/snapshot-folder';
import { type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';
import { printJson } from '../format/json';
import { renderTable } from '../format/table';

/** Exit code when at least one intent does not hold. */
export const EXIT_INTENT_FAILED = 2;

interface VerifyCliOptions {
  intents?: string;
  snapshot?: string;
  format: string;
}

export function formatIntentTable(results: readonly IntentResult[]): string {
  const table = renderTable(results, [
    { header: 'RESULT', value: (r) => (r.holds ? 'pass' : r.unknown ? 'FAIL?' : 'FAIL') },
    { header: 'KIND', value: (r) => r.kind },
    { header: 'INTENT', value: (r) => r.name },
    { header: 'FLOWS', value: (r) => String(r.flows.length), align: 'right' },
    { header: 'EVIDENCE', value: (r) => r.evidence },
  ]);
  const failed = results.filter((r) => !r.holds).length;
  const summary = `${results.length - failed} of ${results.length} intents hold${failed > 0 ? `; ${failed} fail` : ''}.`;
  const unknown = results.some((r) => !r.holds && r.unknown)
    ? '\nFAIL? = the verdict depends on something absent from the snapshot (see --format json).'
    : '';
  return `${table}\n${summary}${unknown}\n`;
}

async function readIntentsFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--intents ${file}: cannot read the file (${reason})`);
  }
}

export const registerVerify: CommandRegistrar = (program, ctx) => {
  program
    .command('verify')
    .description('Check the declared flows (intents): what must keep working and what must never happen')
    .option('--intents <file>', 'intents YAML file (default: the example account examples/acme/intents.yaml)')
    .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
    .addOption(
      new Option('--format <format>', 'table (people) or json (machines)').choices(['table', 'json']).default('table'),
    )
    .addHelpText(
      'after',
      `
Intents file (version 1):
  version: 1
  intents:
    - name: internet-to-web-https         # unique, lowercase letters, digits, dashes
      kind: must-work                     # must-work | must-never
      from: internet                      # internet | {id: ...} | {tag: {K: V}} | {subnet: ...} | {cidr: ...}
      to: { tag: { Role: web } }
      protocol: tcp                       # tcp | udp | icmp | -1
      ports: [443, "8000-8080"]           # omit = every port

must-work holds when every selected source reaches every selected destination on every listed
port (and the replies get back); must-never holds when none reaches any of them.

Exit codes: 0 every intent holds, ${EXIT_INTENT_FAILED} at least one fails, 1 error (unreadable or invalid
intents file, with its line and field; unreadable snapshot).`,
    )
    .action(async (opts: VerifyCliOptions) => {
      const file = opts.intents ?? EXAMPLE_INTENTS_FILE;
      const text = await readIntentsFile(file);
      let intents: ReturnType<typeof parseIntents>;
      try {
        intents = parseIntents(text, file);
      } catch (error: unknown) {
        if (error instanceof IntentsParseError) throw new UsageError(error.message);
        throw error;
      }
      const read = await resolveSnapshotInput(opts.snapshot);
      const model = NetworkModel.build(read.snapshot);
      printDiagnostics(ctx.io, [...read.diagnostics, ...model.diagnostics]);
      const results = verifyIntents(model, intents.intents);
      if (opts.format === 'json') printJson(ctx.io, { intents: file, snapshot: read.origin, results });
      else ctx.io.out(formatIntentTable(results));
      ctx.setExitCode(results.every((r) => r.holds) ? 0 : EXIT_INTENT_FAILED);
    });
};
