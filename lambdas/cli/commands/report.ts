import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseTimeBound } from '../../core/history/query';
import type { HistoryRecord } from '../../core/history/records';
import { DEFAULT_STATE_DIR, openLocalHistory } from '../../local/embedded-dynamo';
import { type CommandRegistrar, UsageError } from '../context';
import { renderReport } from '../report/render-report';
import { buildReportModel } from '../report/report-model';

const DEFAULT_PERIOD_DAYS = 90;

interface ReportOptions {
  out: string;
  since?: string;
  until?: string;
  title: string;
  state: string;
}

export const registerReport: CommandRegistrar = (program, ctx) => {
  program
    .command('report')
    .description('Write the auditor report: one self-contained HTML page built from the history')
    .requiredOption('--out <file>', 'where to write the HTML page (e.g. report.html)')
    .option(
      '--since <date>',
      `start of the period, a day or an instant (default ${DEFAULT_PERIOD_DAYS} days before --until)`,
    )
    .option('--until <date>', 'end of the period: a day (included) or an instant (excluded); default now')
    .option('--title <text>', 'page title', 'NetWarden audit report')
    .option('--state <dir>', 'history folder of the embedded store', DEFAULT_STATE_DIR)
    .addHelpText(
      'after',
      `
The page shows, for the period: compliance over time per rule (a chart and its numbers), findings
still open at the end, every decision (mode, outcome, verification), every remediation with a
before/after diff of the resource, exemptions with their expiry, rollbacks and errors. It has
inline CSS and SVG only: no script, no external file, so it can be archived or mailed as is.

Exit codes: 0 page written, 1 error (bad option, unreadable or locked state folder, unwritable --out).`,
    )
    .action(async (opts: ReportOptions) => {
      const now = new Date();
      const until = opts.until === undefined ? now.toISOString() : parseTimeBound(opts.until, 'until', '--until');
      const since =
        opts.since === undefined
          ? new Date(Date.parse(until) - DEFAULT_PERIOD_DAYS * 86_400_000).toISOString()
          : parseTimeBound(opts.since, 'since', '--since');
      if (since >= until) throw new UsageError(`--since (${since}) must be before --until (${until})`);
      const history = await openLocalHistory(opts.state);
      const records: HistoryRecord[] = [];
      try {
        for await (const record of history.store.iterate({ since, until }, 1000)) records.push(record);
      } finally {
        await history.stop();
      }
      const page = renderReport(buildReportModel(records, { title: opts.title, since, until, now }));
      const out = resolve(opts.out);
      try {
        await writeFile(out, page, 'utf8');
      } catch (error: unknown) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new UsageError(`--out ${out}: cannot write the report (${reason})`);
      }
      ctx.io.out(`Wrote ${out}: ${records.length} history record(s) from ${since} to ${until}.\n`);
    });
};
