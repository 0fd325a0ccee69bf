import { Option } from 'commander';
import { type HistoryQuery, parseTimeBound } from '../../core/history/query';
import {
  HISTORY_RECORD_KINDS,
  type HistoryRecord,
  type HistoryRecordKind,
  isHistoryRecordKind,
} from '../../core/history/records';
import { DEFAULT_STATE_DIR, openLocalHistory } from '../../local/embedded-dynamo';
import { type CommandRegistrar, UsageError } from '../context';
import { historyCsv, historyTable } from '../report/history-formats';

/** The window `history` shows when neither a resource nor a rule narrows it. */
const DEFAULT_WINDOW_DAYS = 7;

interface HistoryOptions {
  resource?: string;
  rule?: string;
  kind?: string;
  since?: string;
  until?: string;
  order: 'asc' | 'desc';
  limit?: string;
  format: 'table' | 'json' | 'csv';
  state: string;
}

function parseKinds(text: string): HistoryRecordKind[] {
  const kinds = text.split(',').map((k) => k.trim());
  for (const k of kinds) {
    if (!isHistoryRecordKind(k)) {
      throw new UsageError(
        `--kind: unknown kind "${k}"; expected a comma-separated list of ${HISTORY_RECORD_KINDS.join(', ')}`,
      );
    }
  }
  return kinds as HistoryRecordKind[];
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new UsageError(`--limit: expected a positive whole number, got ${text}`);
  return n;
}

/** Turns the options into a store query, filling the default window only where the store needs a range. */
export function historyQueryFromOptions(
  opts: Pick<HistoryOptions, 'resource' | 'rule' | 'kind' | 'since' | 'until' | 'order'>,
  now: Date,
): HistoryQuery {
  const until = opts.until === undefined ? undefined : parseTimeBound(opts.until, 'until', '--until');
  let since = opts.since === undefined ? undefined : parseTimeBound(opts.since, 'since', '--since');
  if (opts.resource === undefined && opts.rule === undefined && since === undefined) {
    const end = until === undefined ? now.getTime() : Date.parse(until);
    since = new Date(end - DEFAULT_WINDOW_DAYS * 86_400_000).toISOString();
  }
  const rangeEnd = until ?? (opts.resource === undefined && opts.rule === undefined ? now.toISOString() : undefined);
  return {
    ...(opts.resource === undefined ? {} : { resourceId: opts.resource }),
    ...(opts.rule === undefined ? {} : { ruleId: opts.rule }),
    ...(opts.kind === undefined ? {} : { kinds: parseKinds(opts.kind) }),
    ...(since === undefined ? {} : { since }),
    ...(rangeEnd === undefined ? {} : { until: rangeEnd }),
    order: opts.order,
  };
}

export const registerHistory: CommandRegistrar = (program, ctx) => {
  program
    .command('history')
    .description('Show the audit history: evaluations, findings, decisions, remediations, rollbacks and errors')
    .option('--resource <id>', 'only records about this resource (sg-…, acl-…, vpc-…)')
    .option('--rule <id>', 'only records of this rule (e.g. sg-risky-port-open-to-internet)')
    .option('--kind <kinds>', `only these kinds, comma-separated (${HISTORY_RECORD_KINDS.join(', ')})`)
    .option('--since <date>', 'from this day (2026-11-01) or instant (2026-11-01T08:00:00Z), inclusive')
    .option('--until <date>', 'up to this day (included) or instant (excluded); default now')
    .addOption(new Option('--order <order>', 'oldest or newest first').choices(['asc', 'desc']).default('asc'))
    .option('--limit <n>', 'print at most this many records')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--state <dir>', 'history folder of the embedded store ("memory" for a throw-away one)', DEFAULT_STATE_DIR)
    .addHelpText(
      'after',
      `
Reads the history that NetWarden keeps in an embedded DynamoDB-compatible store (dynalite) in
--state (default ${DEFAULT_STATE_DIR}); commands that record (e.g. \`scan --record\`) write there.
With --resource or --rule the whole history of that resource or rule is shown (narrowed by
--since/--until if given); with neither, the last ${DEFAULT_WINDOW_DAYS} days up to --until.
Formats: table (people), json ({"query", "records"}), csv (one row per record, the full record as
JSON in the last column).

Exit codes: 0 success (also when nothing matches), 1 error (bad option, unreadable or locked state folder).`,
    )
    .action(async (opts: HistoryOptions) => {
      const query = historyQueryFromOptions(opts, new Date());
      const limit = opts.limit === undefined ? undefined : parseLimit(opts.limit);
      const history = await openLocalHistory(opts.state);
      const records: HistoryRecord[] = [];
      try {
        for await (const record of history.store.iterate(query, Math.min(limit ?? 500, 500))) {
          records.push(record);
          if (limit !== undefined && records.length >= limit) break;
        }
      } finally {
        await history.stop();
      }
      if (opts.format === 'json') {
        ctx.io.out(`${JSON.stringify({ query, records }, null, 2)}\n`);
      } else if (opts.format === 'csv') {
        ctx.io.out(historyCsv(records));
      } else if (records.length === 0) {
        ctx.io.out(`No history records match (state: ${history.location}).\n`);
      } else {
        ctx.io.out(historyTable(records));
      }
    });
};
