import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { type Finding, isSeverity, SEVERITIES, type Severity, severityRank } from '../../core/findings/finding';
import { NetworkModel } from '../../core/model/network-model';
import type { Diagnostic } from '../../core/model/snapshot';
import { assessExposure } from '../../core/reach';
import {
  compareFindings,
  parseRulesConfig,
  RISKY_PORTS_VERSION,
  RULE_ID_LIST,
  RULES,
  type RulesConfig,
  runRules,
} from '../../core/rules';
import { DEFAULT_STATE_DIR, openLocalHistory } from '../../local/embedded-dynamo';
import { resolveSnapshotInput } from '../../local/snapshot-folder';
import { recordScan } from '../../usecases/record-scan';
import { type CliIO, type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';
import { printJson } from '../format/json';
import { parseOutputFormat } from '../format/output-format';
import { renderTable } from '../format/table';

interface ScanOptions {
  snapshot?: string;
  format: string;
  failOn?: string;
  rulesConfig?: string;
  strict?: boolean;
  exposure: boolean;
  record?: boolean;
  state?: string;
}

/** Exit code when a finding at or above --fail-on exists. */
export const EXIT_FINDINGS = 2;

function parseFailOn(text: string | undefined): Severity | undefined {
  if (text === undefined) return undefined;
  if (isSeverity(text)) return text;
  throw new UsageError(`--fail-on ${JSON.stringify(text)}: expected one of ${SEVERITIES.join(', ')}`);
}

async function loadRulesConfig(file: string | undefined): Promise<Partial<RulesConfig>> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new UsageError(
      `--rules-config ${file}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  let doc: unknown;
  try {
    // YAML 1.2 is a superset of JSON, so one parser reads both.
    doc = parseYaml(text);
  } catch (error: unknown) {
    throw new UsageError(
      `--rules-config ${file}: not valid JSON or YAML (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return parseRulesConfig(doc ?? {}, file);
}

function traffic(f: Finding): string {
  if (f.protocol === undefined) return '-';
  if (f.protocol === 'all') return 'all';
  if (f.fromPort === undefined || f.fromPort === -1) return `${f.protocol}`;
  return f.fromPort === f.toPort || f.toPort === undefined
    ? `${f.protocol}/${f.fromPort}`
    : `${f.protocol}/${f.fromPort}-${f.toPort}`;
}

/** `internet` when the reachability engine found a path, else the code of what blocks it. */
function exposed(f: Finding): string {
  if (f.exposure === undefined) return '-';
  if (f.exposure.reachableFromInternet) return 'internet';
  return f.exposure.blockerCode ? `no (${f.exposure.blockerCode})` : 'no';
}

function source(f: Finding): string {
  const s = f.source;
  if (s === undefined) return '-';
  if ('cidr' in s) return s.cidr;
  if ('cidrIpv6' in s) return s.cidrIpv6;
  if ('prefixListId' in s) return s.prefixListId;
  return s.groupId;
}

/**
 * The JSON contract: identity and traffic first (always present, null when the finding has none, so
 * consumers see one schema), then the message, then whatever else the finding carries.
 */
export function findingJson(f: Finding): Record<string, unknown> {
  const { ruleId, resourceId, resourceType, severity, protocol, fromPort, toPort, source: src, message, ...rest } = f;
  return {
    ruleId,
    resourceId,
    resourceType,
    severity,
    protocol: protocol ?? null,
    fromPort: fromPort ?? null,
    toPort: toPort ?? null,
    source: src ?? null,
    message,
    ...rest,
  };
}

export interface ScanSummary {
  origin: string;
  total: number;
  bySeverity: Record<Severity, number>;
  byRule: Record<string, number>;
  riskyPortsVersion: string;
  failOn: Severity | null;
  failed: boolean;
  inputErrors: number;
  inputWarnings: number;
}

function summarize(
  origin: string,
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  failOn: Severity | undefined,
): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule: Record<string, number> = Object.fromEntries(RULE_ID_LIST.map((id) => [id, 0]));
  for (const f of findings) {
    bySeverity[f.severity] += 1;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  }
  return {
    origin,
    total: findings.length,
    bySeverity,
    byRule,
    riskyPortsVersion: RISKY_PORTS_VERSION,
    failOn: failOn ?? null,
    failed: failOn !== undefined && findings.some((f) => severityRank(f.severity) >= severityRank(failOn)),
    inputErrors: diagnostics.filter((d) => d.level === 'error').length,
    inputWarnings: diagnostics.filter((d) => d.level === 'warning').length,
  };
}

function printTable(io: CliIO, findings: readonly Finding[], summary: ScanSummary): void {
  const counts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0)
    .map((s) => `${summary.bySeverity[s]} ${s}`)
    .join(', ');
  io.out(`Scanned ${summary.origin}: ${summary.total} finding(s)${counts ? ` (${counts})` : ''}.\n`);
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    io.out(`\n${severity.toUpperCase()} (${group.length})\n`);
    io.out(
      renderTable(
        group,
        [
          { header: 'RULE', value: (f) => f.ruleId },
          { header: 'RESOURCE', value: (f) => f.resourceId },
          { header: 'TRAFFIC', value: traffic },
          { header: 'SOURCE', value: source, maxWidth: 45 },
          { header: 'EXPOSED', value: exposed },
          { header: 'MESSAGE', value: (f) => f.message },
        ],
        { indent: '  ' },
      ),
    );
  }
  if (summary.failed && summary.failOn) {
    io.out(`\nFindings at or above ${summary.failOn}: exit code ${EXIT_FINDINGS}.\n`);
  }
}

const RULES_HELP = RULES.map((r) => `  ${r.id.padEnd(34)} ${r.defaultSeverity.padEnd(8)} ${r.title}`).join('\n');

export const registerScan: CommandRegistrar = (program, ctx) => {
  program
    .command('scan')
    .description(
      'Find network risks: security groups, network ACLs, flow logs and subnets, judged against the rules below',
    )
    .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
    .option('--format <format>', 'table (people) or json (machines)', 'table')
    .option(
      '--fail-on <severity>',
      `exit ${EXIT_FINDINGS} when a finding at or above this severity exists (${SEVERITIES.join(', ')}; default: never)`,
    )
    .option('--rules-config <file>', 'JSON or YAML rule parameters (see below)')
    .option('--strict', 'exit 1 when the snapshot had error-level problems, after printing what could be scanned')
    .option(
      '--no-exposure',
      'skip the reachability verdict (faster on very large estates; severities stay as the rules set them)',
    )
    .option('--record', 'append this scan (evaluations, opened and resolved findings) to the local history')
    .option('--state <dir>', `history folder for --record (default: ${DEFAULT_STATE_DIR})`)
    .addHelpText(
      'after',
      `
Rules (id, default severity, title):
${RULES_HELP}

"Open to the internet" is judged by how much public address space the sources cover together
(0.0.0.0/1 + 128.0.0.0/1, a prefix list holding 0.0.0.0/0 and ::/0 all count), and each offending
source is reported on its own, so only it needs revoking. Findings on a security group that is
attached to nothing are lowered to low. Defaults are at least as strict as the matching AWS Config
managed rules: no port is authorized to be public, so intended public listeners (a load balancer on
80/443) show as low sg-wide-public-range findings until their ports are authorized below.

--rules-config file (every key optional):
  internetCoverage: 0.5                 # share of public space that counts as the internet
  disabledRules: [sg-unattached]
  riskyPorts: { add: [{protocol: tcp, port: 8443, service: admin, severity: high}],
                remove: [{protocol: tcp, port: 8080}] }   # risky-port catalogue ${RISKY_PORTS_VERSION}
  widePublicRange: { ipv4PrefixLength: 16, ipv6PrefixLength: 32,
                     authorizedTcpPorts: [443, "1020-1025"], authorizedUdpPorts: [] }
  naclAdminPorts: [22, 3389]
  flowLogTrafficType: ALL               # ALL, ACCEPT or REJECT

Output: the table groups findings by severity. --format json prints
  {"findings": [{"ruleId", "resourceId", "resourceType", "severity", "protocol", "fromPort", "toPort",
                 "source": {"cidr" | "cidrIpv6" | "prefixListId" | "groupId"}, "message", ...}],
   "summary": {...}, "diagnostics": [...]}
(protocol, fromPort, toPort and source are null when the finding has none, e.g. for a VPC or
for all traffic; other fields are present only when they apply).

Exposure: each security-group and network-ACL finding is checked with the reachability engine.
Reachable from the internet keeps its severity and names the ENIs reached (EXPOSED = internet);
not reachable lowers it one step and names the blocker's AWS explanation code (e.g. no
(IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS)); a group attached to nothing becomes info. JSON findings
carry "exposure": {"reachableFromInternet", "exposedInterfaces", "evidence", "blockerCode"}.

Problems in the snapshot are printed on stderr, one line each. They do not stop the scan: entries
that could be read are scanned, the rest are reported, and summary.inputErrors counts them. Use
--strict to turn error-level problems into exit code 1.

Exit codes: 0 scan done (and nothing at or above --fail-on), ${EXIT_FINDINGS} a finding at or above --fail-on,
1 error (invalid option value, unreadable snapshot or rules config, or --strict with input errors).`,
    )
    .action(async (opts: ScanOptions) => {
      const format = parseOutputFormat(opts.format);
      const failOn = parseFailOn(opts.failOn);
      const config = await loadRulesConfig(opts.rulesConfig);
      const read = await resolveSnapshotInput(opts.snapshot);
      const model = NetworkModel.build(read.snapshot);
      const diagnostics = [...read.diagnostics, ...model.diagnostics];
      printDiagnostics(ctx.io, diagnostics);
      const ruled = runRules(model, config);
      const findings = opts.exposure ? assessExposure(model, ruled).sort(compareFindings) : ruled;
      const summary = summarize(read.origin, findings, diagnostics, failOn);
      if (format === 'json') {
        printJson(ctx.io, { findings: findings.map(findingJson), summary, diagnostics });
      } else {
        printTable(ctx.io, findings, summary);
      }
      if (summary.inputErrors > 0) {
        ctx.io.err(
          `netwarden scan: ${summary.inputErrors} error(s) in the snapshot input; the parts that could be read were scanned.\n`,
        );
      }
      if (opts.record) {
        const history = await openLocalHistory(opts.state);
        try {
          const recorded = await recordScan(history.store, { snapshot: read.snapshot, rules: RULES, findings });
          ctx.io.err(
            `Recorded scan ${recorded.correlationId} in ${history.location}: ${recorded.evaluations} evaluation(s), ` +
              `${recorded.opened} open and ${recorded.resolved} resolved finding(s).\n`,
          );
        } finally {
          await history.stop();
        }
      }
      if (opts.strict && summary.inputErrors > 0) ctx.setExitCode(1);
      else if (summary.failed) ctx.setExitCode(EXIT_FINDINGS);
    });
};
