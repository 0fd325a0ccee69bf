import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { parse as parseYaml } from 'yaml';
import { Ec2NetworkReader } from '../../aws/ec2-network-reader';
import type { Finding } from '../../core/findings/finding';
import { parseIntents, verifyIntents } from '../../core/intents';
import { NetworkModel } from '../../core/model/network-model';
import { assessExposure } from '../../core/reach';
import { parseRemediationConfig, type RemediationConfig } from '../../core/remediation/config';
import { EXEMPTION_TAG } from '../../core/remediation/exemptions';
import type { RemediationEvent } from '../../core/remediation/flap-guard';
import { describeAction } from '../../core/remediation/plan';
import { evaluateRemediations, type RemediationItem, type RemediationRun } from '../../core/remediation/remediate';
import type { IntentChecker } from '../../core/remediation/verify';
import { parseRulesConfig, RULE_ID_LIST, type RulesConfig, runRules } from '../../core/rules';
import { DEFAULT_STATE_DIR, PlanStore } from '../../local/plan-store';
import { EXAMPLE_INTENTS_FILE, resolveSnapshotInput } from '../../local/snapshot-folder';
import type { SnapshotRead } from '../../ports';
import { type CliIO, type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';
import { printJson } from '../format/json';

/** The intents the plans are verified against, and the exposure assessment, as the reachability engine provides them. */
export interface IntentsInput {
  /** The intents file, when there is one. */
  source?: string;
  check?: IntentChecker;
  assessExposure(model: NetworkModel, findings: Finding[]): Finding[];
}

/** The example account's intents, used with the example account when no --intents is given. */

async function loadIntentChecker(file: string | undefined, exampleAccount: boolean): Promise<IntentsInput> {
  const source = file ?? (exampleAccount ? EXAMPLE_INTENTS_FILE : undefined);
  if (source === undefined) return { assessExposure };
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(
      `--intents ${source}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const { intents } = parseIntents(text, source);
  return { source, check: (model) => verifyIntents(model, intents), assessExposure };
}

/** Exit code of `plan` when at least one plan was refused as unsafe. */
export const EXIT_UNSAFE = 2;

export interface RemediationInputOptions {
  snapshot?: string;
  region?: string;
  profile?: string;
  intents?: string;
  config?: string;
  rulesConfig?: string;
  state?: string;
}

export interface RemediationContext {
  read: SnapshotRead;
  run: RemediationRun;
  config: RemediationConfig;
  rulesConfig: Partial<RulesConfig>;
  intents: IntentsInput;
  store: PlanStore;
  /** The remediations applied so far (from the state folder), for the flap guard. */
  history: RemediationEvent[];
}

/** The network to plan on: a live account Region when --region is given, else the snapshot (or the example). */
export async function readNetwork(opts: RemediationInputOptions, io: CliIO): Promise<SnapshotRead> {
  if (opts.region === undefined) {
    if (opts.profile !== undefined)
      throw new UsageError('--profile needs --region: it selects the credentials for a live account');
    return resolveSnapshotInput(opts.snapshot);
  }
  if (opts.snapshot !== undefined) throw new UsageError('give either --snapshot or --region, not both');
  const client = ec2Client(opts.region, opts.profile);
  try {
    return await new Ec2NetworkReader(client, {
      region: opts.region,
      onProgress: (line) => io.err(`${line}\n`),
    }).read();
  } finally {
    client.destroy();
  }
}

export function ec2Client(region: string, profile: string | undefined): EC2Client {
  return new EC2Client({ region, ...(profile ? { profile } : {}) });
}

/** Everything `plan` and `apply` share: network, findings with exposure, intents, config, history. */
export async function loadRemediationContext(
  opts: RemediationInputOptions,
  io: CliIO,
  now: Date,
): Promise<RemediationContext> {
  const config = parseRemediationConfig(await readDocument(opts.config, '--config'), opts.config ?? 'defaults');
  const rulesDoc = await readDocument(opts.rulesConfig, '--rules-config');
  const rulesConfig =
    opts.rulesConfig === undefined ? {} : parseRulesConfig(rulesDoc ?? {}, opts.rulesConfig, RULE_ID_LIST);
  const read = await readNetwork(opts, io);
  const model = NetworkModel.build(read.snapshot);
  printDiagnostics(io, [...read.diagnostics, ...model.diagnostics]);
  const exampleAccount = opts.snapshot === undefined && opts.region === undefined;
  const intents = await loadIntentChecker(opts.intents, exampleAccount);
  if (intents.source === undefined) {
    io.err('warning: no --intents: each plan is only proved to remove its finding, not to keep any flow working\n');
  }
  const findings: Finding[] = intents.assessExposure(model, runRules(model, rulesConfig));
  const store = new PlanStore(opts.state ?? DEFAULT_STATE_DIR);
  const history = await store.remediationHistory();
  const run = evaluateRemediations({
    snapshot: read.snapshot,
    findings,
    config,
    checkIntents: intents.check,
    rulesConfig,
    history,
    now,
  });
  return { read, run, config, rulesConfig, intents, store, history };
}

async function readDocument(file: string | undefined, option: string): Promise<unknown> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(
      `${option} ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    return parseYaml(text);
  } catch (error: unknown) {
    throw new UsageError(
      `${option} ${file}: not valid JSON or YAML (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export function parsePlanFormat(text: string): 'text' | 'json' {
  if (text === 'text' || text === 'json') return text;
  throw new UsageError(`--format ${JSON.stringify(text)}: expected one of text, json`);
}

function findingLine(f: Finding): string {
  const traffic =
    f.protocol === undefined
      ? ''
      : ` ${f.protocol}${f.fromPort !== undefined && f.fromPort !== -1 ? ` ${f.fromPort === f.toPort || f.toPort === undefined ? f.fromPort : `${f.fromPort}-${f.toPort}`}` : ''}`;
  const s = f.source;
  const from =
    s === undefined
      ? ''
      : ` from ${'cidr' in s ? s.cidr : 'cidrIpv6' in s ? s.cidrIpv6 : 'prefixListId' in s ? s.prefixListId : s.groupId}`;
  const acl = f.aclEntry ? ` entry #${f.aclEntry.ruleNumber}` : '';
  return `[${f.severity}] ${f.ruleId} on ${f.resourceId}${acl}${traffic}${from}`;
}

export function printItem(io: CliIO, item: RemediationItem): void {
  io.out(`${findingLine(item.finding)}\n`);
  if (item.finding.exposure) {
    io.out(
      `  exposure:     ${item.finding.exposure.reachableFromInternet ? 'reachable' : 'not reachable'} from the internet: ${item.finding.exposure.evidence}\n`,
    );
  }
  io.out(`  plan:         ${item.plan.status === 'ready' ? item.plan.summary : `manual: ${item.plan.summary}`}\n`);
  item.plan.actions.forEach((action, i) => {
    io.out(`    ${i + 1}. ${describeAction(action)}\n`);
  });
  if (item.verdict) {
    io.out(`  verification: ${item.verdict.safe ? 'SAFE' : 'UNSAFE'}: ${item.verdict.reason}\n`);
    for (const broken of item.verdict.brokenIntents) {
      io.out(
        `    breaks ${broken.kind} intent ${broken.name}\n      before: ${broken.before}\n      after:  ${broken.after}\n`,
      );
    }
  }
  io.out(`  decision:     ${item.decision.outcome}: ${item.decision.reasons[0] ?? ''}\n`);
  for (const reason of item.decision.reasons.slice(1)) io.out(`                ${reason}\n`);
}

export function itemJson(item: RemediationItem): Record<string, unknown> {
  return {
    finding: item.finding,
    plan: { ...item.plan, steps: item.plan.actions.map(describeAction) },
    verdict: item.verdict ?? null,
    decision: item.decision,
  };
}

function summary(items: readonly RemediationItem[]) {
  const byOutcome: Record<string, number> = {};
  for (const item of items) byOutcome[item.decision.outcome] = (byOutcome[item.decision.outcome] ?? 0) + 1;
  return {
    findings: items.length,
    safe: items.filter((i) => i.verdict?.safe === true).length,
    unsafe: items.filter((i) => i.verdict?.safe === false).length,
    manual: items.filter((i) => i.plan.status === 'manual').length,
    byOutcome,
  };
}

export const INPUT_HELP = `Inputs:
  --snapshot PATH      snapshot folder or merged JSON file (default: the embedded example account)
  --region REGION      plan on a live account instead (describe calls through the default credential
                       chain, or --profile NAME); apply then changes the account itself through EC2
  --intents FILE       intents YAML (must-work / must-never flows) every plan is verified against
                       (default: the example account's intents when --snapshot is not given, else none:
                       then a plan is only proved to remove its finding)
  --config FILE        remediation config, YAML or JSON (every key optional):
                         version: 1
                         modes: { sg-risky-port-open-to-internet: auto, sg-unattached: detect }  # detect | notify | auto
                         exemptions:
                           - { resource: sg-0123456789abcdef0, rules: [sg-wide-public-range],
                               owner: alice@example.com, reason: partner feed, expires: 2027-01-31 }
                         flapGuard: { maxRemediations: 3, windowHours: 24 }
                         narrowing:   # replace an internet source by these ranges instead of revoking it
                           - { groupId: sg-0123456789abcdef0, protocol: tcp, ports: [22], cidrs: [203.0.113.0/24] }
                         flowLogs: { logGroupName: /netwarden/vpc-flow-logs,
                                     deliverLogsPermissionArn: arn:aws:iam::123456789012:role/flow-logs }
  --rules-config FILE  rule parameters, as for netwarden scan
  --state DIR          where applied plans are kept (default ${DEFAULT_STATE_DIR}/ in the working directory);
                       their history feeds the flap guard

Decisions: without a configured mode, a finding is remediated automatically only when it is critical,
the internet really reaches it, and its plan is proved safe; otherwise it is notified. Exemptions are
the tag ${EXEMPTION_TAG} on the resource, value
  rules=<rule-id>[,<rule-id>...];owner=<who>;reason=<why>;expires=<YYYY-MM-DD or ISO-8601 instant>
or a config entry; a malformed, incomplete or expired exemption exempts nothing and is reported.
The flap guard refuses a remediation of the same rule on the same resource after maxRemediations of
them inside windowHours and escalates to a person.`;

export const registerPlan: CommandRegistrar = (program, ctx) => {
  program
    .command('plan')
    .description(
      'For every finding: the EC2 calls that fix it, proof on a simulated copy that no intent breaks, and the decision',
    )
    .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
    .option('--region <region>', 'plan on a live account Region instead of a snapshot (read-only describe calls)')
    .option('--profile <name>', 'named profile for --region (default: the default credential chain)')
    .option('--intents <file>', 'intents YAML to verify every plan against')
    .option('--config <file>', 'remediation config (modes, exemptions, flap guard, narrowing, flow logs)')
    .option('--rules-config <file>', 'rule parameters, as for netwarden scan')
    .option('--state <dir>', 'state folder with the applied plans (feeds the flap guard)', DEFAULT_STATE_DIR)
    .option('--format <format>', 'text (people) or json (machines)', 'text')
    .addHelpText(
      'after',
      `
${INPUT_HELP}

Each finding prints its plan (one EC2 API call per line, with the exact parameters in --format json),
the verification verdict (SAFE only when the finding is gone on the simulated network and every intent
that held still holds; UNSAFE names the intent and the path the change would cut), and the decision
(remediate, notify, skip, escalate or exempt) with its reasons. Nothing is changed: see netwarden apply.

Exit codes: 0 plans computed and none refused, ${EXIT_UNSAFE} at least one plan is unsafe,
1 error (unreadable snapshot, intents or config, invalid option).`,
    )
    .action(async (opts: RemediationInputOptions & { format: string }) => {
      const format = parsePlanFormat(opts.format);
      const context = await loadRemediationContext(opts, ctx.io, new Date());
      const { items } = context.run;
      if (format === 'json') {
        printJson(ctx.io, {
          origin: context.read.origin,
          intents: { source: context.intents.source, checked: context.run.intentsBefore.length },
          items: items.map(itemJson),
          summary: summary(items),
        });
      } else {
        const s = summary(items);
        ctx.io.out(
          `Planned ${s.findings} finding(s) of ${context.read.origin} against ${context.intents.source ? `${context.run.intentsBefore.length} intent(s) from ${path.basename(context.intents.source)}` : 'no intents'}: ${s.safe} safe, ${s.unsafe} unsafe, ${s.manual} manual.\n`,
        );
        for (const item of items) {
          ctx.io.out('\n');
          printItem(ctx.io, item);
        }
      }
      if (items.some((i) => i.verdict?.safe === false)) ctx.setExitCode(EXIT_UNSAFE);
    });
};
