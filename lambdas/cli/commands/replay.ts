import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseIntents } from '../../core/intents';
import type { IntentsFile } from '../../core/intents/intent';
import { NetworkModel } from '../../core/model/network-model';
import { EmbeddedAccount } from '../../local/replay/embedded-account';
import {
  type ReplayedEvent,
  ReplaySession,
  type ReplayStatus,
  unreadableEvent,
} from '../../local/replay/replay-session';
import { openReplayStores } from '../../local/replay/replay-stores';
import {
  EXAMPLE_INTENTS_FILE,
  EXAMPLE_SNAPSHOT_DIR,
  resolveSnapshotInput,
  writeSnapshotFolder,
} from '../../local/snapshot-folder';
import { assertUsableOutputFolder } from '../../local/snapshot-writer';
import { parseRuntimeSettings, type RuntimeSettings } from '../../usecases/runtime-settings';
import { type CliIO, type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';
import { printJson } from '../format/json';

/** The example account's trigger events, replayed when no file is given. */
export const EXAMPLE_EVENTS_DIR = path.join(EXAMPLE_SNAPSHOT_DIR, '..', 'events');
/**
 * The example deployment's change-responder role (NETWARDEN_OWN_ROLE_ARN): the example's own-change
 * event was made with it. Used with the example account when no --own-role is given.
 */
export const EXAMPLE_OWN_ROLE_ARN = 'arn:aws:iam::111122223333:role/NetWardenStack-RemediatorRole4F1E2D3C-1A2B3C4D5E6F';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface ReplayOptions {
  snapshot?: string;
  state?: string;
  out?: string;
  format: string;
  modeConfig?: string;
  intents?: string;
  ownRole?: string[];
}

const FAILED: readonly ReplayStatus[] = ['malformed', 'failed'];

async function readText(file: string, option: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(
      `${option} ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function loadSettings(file: string | undefined): Promise<RuntimeSettings> {
  if (file === undefined) return parseRuntimeSettings(undefined, 'defaults');
  return parseRuntimeSettings(await readText(file, '--mode-config'), file);
}

async function loadIntents(file: string | undefined, exampleAccount: boolean): Promise<IntentsFile> {
  const source = file ?? (exampleAccount ? EXAMPLE_INTENTS_FILE : undefined);
  if (source === undefined) return { version: 1, intents: [] };
  return parseIntents(await readText(source, '--intents'), source);
}

async function eventFiles(given: readonly string[]): Promise<string[]> {
  if (given.length > 0) return [...given];
  const names = (await readdir(EXAMPLE_EVENTS_DIR)).filter((n) => n.endsWith('.json')).sort();
  return names.map((n) => path.join(EXAMPLE_EVENTS_DIR, n));
}

function parseFormat(text: string): Format {
  if ((FORMATS as readonly string[]).includes(text)) return text as Format;
  throw new UsageError(`--format ${JSON.stringify(text)}: expected one of ${FORMATS.join(', ')}`);
}

const TRIGGER_NAMES: Record<string, string> = {
  cloudtrail: 'CloudTrail',
  'config-rule': 'Config rule',
  alarm: 'CloudWatch alarm',
  schedule: 'Schedule',
};

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`.trimEnd())
    .join('\n');
}

function outcomeLine(e: ReplayedEvent): string {
  if (e.error) return `${e.error.path ? `${e.error.path}: ` : ''}${e.error.message}`;
  if (e.reason !== null) return e.reason;
  if (e.trigger === 'config-rule') {
    const nonCompliant = e.evaluations.filter((v) => v.compliance === 'NON_COMPLIANT').length;
    return `${e.evaluations.length} evaluation(s), ${nonCompliant} NON_COMPLIANT`;
  }
  const remediated = e.decisions.filter((d) => d.outcome === 'remediate').length;
  return `${e.findings.length} finding(s), ${remediated} remediated, ${e.notifications.length} notification(s)`;
}

function printEvent(io: CliIO, e: ReplayedEvent, index: number, total: number): void {
  io.out(`\n[${index}/${total}] ${path.basename(e.file)}\n`);
  const trigger = e.trigger === null ? 'unknown trigger' : TRIGGER_NAMES[e.trigger];
  io.out(`  ${trigger}, event ${e.eventId}${e.summary ? `: ${e.summary}` : ''}\n`);
  io.out(`  => ${e.status.toUpperCase()}: ${outcomeLine(e)}\n`);
  if (e.evaluations.length > 0) {
    io.out(`  Config evaluations (${e.putEvaluationsCalls} PutEvaluations call(s)):\n`);
    // Compliant resources are only counted: a periodic run reports every resource of the account.
    const compliant = e.evaluations.filter((v) => v.compliance === 'COMPLIANT');
    for (const v of e.evaluations.filter((x) => x.compliance !== 'COMPLIANT')) {
      io.out(`    ${v.compliance.padEnd(14)} ${v.resourceType} ${v.resourceId}: ${v.annotation}\n`);
    }
    if (compliant.length > 0) io.out(`    COMPLIANT      ${compliant.length} resource(s) (listed in --format json)\n`);
  }
  if (e.trigger === 'cloudtrail' && e.findings.length > 0) {
    io.out('  Findings:\n');
    for (const f of e.findings) {
      io.out(`    [${f.severity}] ${f.ruleId} on ${f.resourceId}: ${f.message}\n`);
      if (f.exposure) {
        const reach = f.exposure.reachableFromInternet
          ? `internet reaches ${f.exposure.exposedInterfaces.join(', ')}`
          : `not reachable${f.exposure.blockerCode ? ` (${f.exposure.blockerCode})` : ''}`;
        io.out(`      exposure: ${reach}: ${f.exposure.evidence}\n`);
      }
    }
  }
  for (const d of e.decisions) {
    io.out(`  Decision: ${d.outcome} (mode ${d.mode}) ${d.ruleId} on ${d.resourceId}: ${d.reason}\n`);
  }
  for (const a of e.actions) {
    const why = a.code || a.message ? ` (${[a.code, a.message].filter((x) => x).join(': ')})` : '';
    io.out(`  Action: ${a.api} ${JSON.stringify(a.params)} -> ${a.status}${why}\n`);
  }
  if (e.assurance) {
    const a = e.assurance;
    const violated = a.intents.filter((i) => !i.holds).length;
    const counts = Object.entries(a.findingsBySeverity)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    io.out(
      `  Assurance: ${a.intents.length - violated} of ${a.intents.length} intent(s) hold, ${a.exposed.length} exposed interface(s), findings ${counts}\n`,
    );
    for (const m of a.metrics) {
      const dims = Object.entries(m.dimensions).map(([k, v]) => `${k}=${v}`);
      io.out(`    metric ${m.name}${dims.length > 0 ? `{${dims.join(',')}}` : ''} = ${m.value}\n`);
    }
  }
  for (const n of e.notifications) {
    io.out(`  Notification (${n.kind}, ${n.severity}): ${n.subject}\n${indent(n.body, '    | ')}\n`);
  }
  for (const l of e.log) io.out(`  log ${l.level}: ${l.message} ${JSON.stringify(l.attributes)}\n`);
}

function countByStatus(events: readonly ReplayedEvent[]): Partial<Record<ReplayStatus, number>> {
  const counts: Partial<Record<ReplayStatus, number>> = {};
  for (const e of events) counts[e.status] = (counts[e.status] ?? 0) + 1;
  return counts;
}

export const registerReplay: CommandRegistrar = (program, ctx) => {
  program
    .command('replay')
    .description(
      "Replay CloudTrail, AWS Config and alarm events through the deployed functions' use cases, on the embedded account",
    )
    .argument('[EVENT_FILES...]', 'event JSON files, one event each (default: every examples/acme/events/*.json)')
    .option('--snapshot <path>', 'the account the events act on (default: the embedded example account)')
    .option(
      '--state <dir>',
      'history and idempotency folder, kept between runs (default: in memory, gone after the run)',
    )
    .option('--out <dir>', 'new or empty folder the account is written to after the replay (default: not written)')
    .option('--format <format>', 'text (people) or json (machines)', 'text')
    .option(
      '--mode-config <file>',
      "the stack's runtime settings (NETWARDEN_SETTINGS JSON: remediation modes, exemptions, rules, trustedPrincipals)",
    )
    .option(
      '--intents <file>',
      'intents YAML the repairs are verified against (default: the example intents with the example account)',
    )
    .option(
      '--own-role <arn>',
      "NetWarden's own role (NETWARDEN_OWN_ROLE_ARN; repeat for more): its changes are ignored (default: the example deployment's role with the example account)",
      (arn: string, previous: string[] = []) => [...previous, arn],
    )
    .addHelpText(
      'after',
      `
Inputs: each EVENT_FILE holds one event as the function receives it: an EventBridge "AWS API Call via
CloudTrail", "CloudWatch Alarm State Change" or "Scheduled Event" event, or an AWS Config custom-rule
invocation. Files are replayed in the order given; with none, the example account's events in
${EXAMPLE_EVENTS_DIR} are replayed in name order.

What runs: the same use cases the Lambda handlers call (respondToChange behind the same Powertools
idempotency on eventId, evaluateConfigRule, respondToAlarm, runScheduledAssurance), with embedded
adapters: the account is the snapshot (a change re-describes the resources it touched from it, and
applied repairs change it for the events after), AWS Config PutEvaluations and SNS are collected and
printed instead of sent, and GetResourceConfigHistory (oversized items) answers from the account.
History and idempotency records go to an embedded DynamoDB (dynalite): in memory unless --state is
given; with --state a second replay of the same CloudTrail events is skipped as duplicates.

Per event it prints the trigger and event id, then what the stack would do: Config evaluations
(resource, compliance, annotation as sent), findings with their internet exposure, each decision
(mode, outcome, reasons), the EC2 calls applied (with their parameters and outcome) and the
notification text. Statuses: evaluated, checked (alarm and schedule runs), ignored (NetWarden's own
change, an alarm leaving ALARM), skipped-duplicate (eventID already handled), skipped-failed-call
(errorCode: nothing changed), malformed (the handler would reject it to its DLQ), failed.

--mode-config takes the settings document the stack writes to NETWARDEN_SETTINGS, e.g.
  {"remediation": {"version": 1, "modes": {"sg-risky-port-open-to-internet": "notify"}},
   "trustedPrincipals": ["arn:aws:iam::111122223333:role/network-admins"]}
Without it the defaults apply: auto only for a critical finding the internet reaches whose repair is
proved safe, notify otherwise.

--format json prints {"account", "history", "events": [{file, trigger, eventId, summary, status, reason,
error, evaluations, putEvaluationsCalls, findings, decisions, actions, notifications, assurance,
recorded, log}], "summary"}.

Exit codes: 0 every event replayed, 1 some event was malformed or its flow failed (the others were
still replayed), or an error in the options (unreadable snapshot, settings or intents, --out not empty).`,
    )
    .action(async (files: string[], opts: ReplayOptions) => {
      const format = parseFormat(opts.format);
      const settings = await loadSettings(opts.modeConfig);
      const exampleAccount = opts.snapshot === undefined;
      const intents = await loadIntents(opts.intents, exampleAccount);
      const ownRoleArns = opts.ownRole ?? (exampleAccount ? [EXAMPLE_OWN_ROLE_ARN] : []);
      if (opts.out !== undefined) await assertUsableOutputFolder(opts.out, opts.snapshot ?? EXAMPLE_SNAPSHOT_DIR);
      const read = await resolveSnapshotInput(opts.snapshot);
      printDiagnostics(ctx.io, [...read.diagnostics, ...NetworkModel.build(read.snapshot).diagnostics]);
      const paths = await eventFiles(files);

      const scratch = opts.out === undefined ? await mkdtemp(path.join(tmpdir(), 'netwarden-replay-')) : undefined;
      const events: ReplayedEvent[] = [];
      let stateLocation: string;
      let account: EmbeddedAccount;
      try {
        account = new EmbeddedAccount(read.snapshot, opts.out ?? (scratch as string), read.origin);
        const stores = await openReplayStores(opts.state);
        stateLocation = stores.location;
        try {
          const session = new ReplaySession(account, stores, { settings, intents, ownRoleArns });
          for (const file of paths) {
            let text: string;
            try {
              text = await readFile(file, 'utf8');
            } catch (error: unknown) {
              events.push(unreadableEvent(file, error));
              continue;
            }
            events.push(await session.replay(file, text));
          }
        } finally {
          await stores.stop();
        }
        if (opts.out !== undefined) await writeSnapshotFolder(account.snapshot, opts.out);
      } finally {
        if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
      }

      const applied = events.flatMap((e) => e.actions).filter((a) => a.status === 'applied').length;
      const accountNote =
        opts.out === undefined
          ? `${applied} action(s) applied to ${read.origin} in memory only; the changed account was not written (give --out DIR to write it)`
          : `${applied} action(s) applied to ${read.origin}; the resulting snapshot was written to ${opts.out}`;
      const summary = { total: events.length, byStatus: countByStatus(events), actionsApplied: applied };
      if (format === 'json') {
        printJson(ctx.io, {
          account: {
            origin: read.origin,
            out: opts.out ?? null,
            written: opts.out !== undefined,
            actionsApplied: applied,
          },
          history: { location: stateLocation },
          events,
          summary,
        });
      } else {
        ctx.io.out(`Replaying ${events.length} event(s) on ${read.origin} (history: ${stateLocation}).\n`);
        for (const [i, e] of events.entries()) printEvent(ctx.io, e, i + 1, events.length);
        const counts = Object.entries(summary.byStatus)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ');
        ctx.io.out(`\nReplayed ${events.length} event(s): ${counts}.\n${accountNote}.\n`);
      }
      const failed = events.filter((e) => FAILED.includes(e.status));
      for (const e of failed) {
        ctx.io.err(
          `netwarden replay: ${e.file}: event ${e.eventId} ${e.status}: ${e.error?.path ? `${e.error.path}: ` : ''}${e.error?.message ?? ''}\n`,
        );
      }
      if (failed.length > 0) ctx.setExitCode(1);
    });
};
