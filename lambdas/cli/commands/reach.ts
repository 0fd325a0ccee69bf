import { Option } from 'commander';
import { NetworkModel } from '../../core/model/network-model';
import { ProtocolParseError, parseProtocol } from '../../core/net/protocol';
import { analyzePath } from '../../core/reach';
import type { Hop, PathQuery, PathResult, ReachOptions } from '../../core/reach/types';
import { PathQueryError } from '../../core/reach/types';
import { resolveSnapshotInput } from '../../local/snapshot-folder';
import { type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';
import { printJson } from '../format/json';
import { renderTable } from '../format/table';

interface ReachCliOptions {
  from: string;
  to: string;
  protocol: string;
  port?: string;
  sourceIp?: string;
  destinationIp?: string;
  sourcePort?: string;
  ephemeralPorts?: string;
  ipVersion?: string;
  snapshot?: string;
  format: string;
}

/** Exit code when the path is not reachable (0 reachable, 1 error). */
export const EXIT_NOT_REACHABLE = 3;

function parsePort(text: string, option: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535)
    throw new UsageError(`${option} ${JSON.stringify(text)}: expected a port 0-65535`);
  return n;
}

/** "443" or "1024-65535". */
export function parsePortRange(text: string, option: string): { from: number; to: number } {
  const parts = text.split('-');
  if (parts.length > 2 || parts.some((p) => p === '')) {
    throw new UsageError(`${option} ${JSON.stringify(text)}: expected a port (443) or a range (1024-65535)`);
  }
  const from = parsePort(parts[0] ?? '', option);
  const to = parts[1] === undefined ? from : parsePort(parts[1], option);
  if (from > to) throw new UsageError(`${option} ${JSON.stringify(text)}: the range starts after it ends`);
  return { from, to };
}

export function queryFromOptions(opts: ReachCliOptions): { query: PathQuery; options: ReachOptions } {
  let protocol: PathQuery['protocol'];
  try {
    protocol = parseProtocol(opts.protocol);
  } catch (error: unknown) {
    if (error instanceof ProtocolParseError) throw new UsageError(`--protocol: ${error.message}`);
    throw error;
  }
  const query: PathQuery = { source: opts.from, destination: opts.to, protocol };
  if (opts.port !== undefined) query.destinationPorts = parsePortRange(opts.port, '--port');
  if (opts.sourceIp !== undefined) query.sourceIp = opts.sourceIp;
  if (opts.destinationIp !== undefined) query.destinationIp = opts.destinationIp;
  if (opts.sourcePort !== undefined) query.sourcePort = parsePort(opts.sourcePort, '--source-port');
  if (opts.ipVersion !== undefined) query.ipVersion = opts.ipVersion === '6' ? 6 : 4;
  const options: ReachOptions = {};
  if (opts.ephemeralPorts !== undefined)
    options.ephemeralPorts = parsePortRange(opts.ephemeralPorts, '--ephemeral-ports');
  return { query, options };
}

function hopRows(hops: readonly Hop[]): string {
  return renderTable(
    hops.map((h, i) => ({ h, i })),
    [
      { header: '#', value: (r) => String(r.i + 1), align: 'right' },
      { header: 'COMPONENT', value: (r) => r.h.componentId, maxWidth: 48 },
      { header: 'TYPE', value: (r) => r.h.componentType },
      {
        header: 'PACKET',
        value: (r) => {
          const p = r.h.packet;
          const sp = p.sourcePorts ? `:${p.sourcePorts}` : '';
          const dp = p.destinationPorts ? `:${p.destinationPorts}` : '';
          return `${p.sourceAddress}${sp} > ${p.destinationAddress}${dp}`;
        },
      },
      { header: 'VIA', value: (r) => r.h.via },
    ],
    { indent: '  ' },
  );
}

/** The traceroute-like text a person reads: both directions, the verdict, every blocker and the fixes. */
export function formatPathText(r: PathResult): string {
  const lines: string[] = [];
  const p = r.packet;
  lines.push(
    `${r.source} -> ${r.destination}  ${r.requestedServices}  (${p.sourceAddress} -> ${p.destinationAddress})`,
  );
  lines.push('', 'Forward path:');
  lines.push(r.forwardPath.length > 0 ? hopRows(r.forwardPath).trimEnd() : '  (no hop)');
  lines.push('', 'Return path:');
  lines.push(
    r.returnPath.length > 0 ? hopRows(r.returnPath).trimEnd() : '  (not evaluated: the forward path does not arrive)',
  );
  lines.push('');
  const verdict = r.reachable
    ? 'REACHABLE'
    : r.unknown
      ? 'UNKNOWN (not reachable on what the snapshot shows)'
      : 'NOT REACHABLE';
  lines.push(`Verdict: ${verdict} — allowed: ${r.allowedServices} of ${r.requestedServices}`);
  const blocking = r.explanations.filter((e) => e.blocking);
  const info = r.explanations.filter((e) => !e.blocking);
  if (blocking.length > 0) {
    lines.push('', 'Blocked by:');
    for (const e of blocking) lines.push(`  ${e.code}  ${e.componentId}  (${e.direction})  ${e.message}`);
  }
  if (info.length > 0) {
    lines.push('', 'Notes:');
    for (const e of info) lines.push(`  ${e.code}  ${e.componentId}  ${e.message}`);
  }
  if (r.suggestedFixes.length > 0) {
    lines.push('', r.reachable ? 'To close this path:' : 'Suggested fixes:');
    for (const f of r.suggestedFixes) lines.push(`  ${f.api} ${JSON.stringify(f.params)}  # ${f.reason}`);
  }
  lines.push('', 'Assumptions:');
  for (const a of r.assumptions) lines.push(`  - ${a}`);
  return `${lines.join('\n')}\n`;
}

export const registerReach: CommandRegistrar = (program, ctx) => {
  program
    .command('reach')
    .description('Analyse whether traffic gets from a source to a destination, hop by hop, both ways')
    .requiredOption(
      '--from <endpoint>',
      'source: eni-…, i-…, subnet-…, igw-…, nat-…, vpce-…, tgw-attach-…, an IP address, or internet',
    )
    .requiredOption('--to <endpoint>', 'destination (same kinds as --from)')
    .option('--protocol <protocol>', 'tcp, udp, icmp, icmpv6, -1/all, or a protocol number', 'tcp')
    .option(
      '--port <port>',
      'destination port or range (443, 1024-2048); ICMP: the type; default all ports (ICMP: echo)',
    )
    .option(
      '--source-ip <address>',
      'source address (default: the source ENI primary address, or a public address the destination admits)',
    )
    .option(
      '--destination-ip <address>',
      'destination address (default: private address, public/IPv6 when from the internet)',
    )
    .option('--source-port <port>', "the client's port (default: replies must pass for the whole ephemeral range)")
    .option(
      '--ephemeral-ports <range>',
      'ephemeral range replies go to (default 32768-60999, Linux; Windows 49152-65535)',
    )
    .addOption(new Option('--ip-version <version>', 'address family when no address is given').choices(['4', '6']))
    .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
    .addOption(
      new Option('--format <format>', 'text (people) or json (machines)').choices(['text', 'json']).default('text'),
    )
    .addHelpText(
      'after',
      `
Evaluates security groups (stateful), network ACLs (stateless: replies must pass them on the
client's ephemeral ports), route tables (longest prefix; static > prefix list > propagated),
internet, egress-only and NAT gateways, peering, transit gateways, gateway/interface endpoints and
appliances, for IPv4 and IPv6. Every blocking component is listed with its AWS explanation code,
and the smallest EC2 API calls that would open the path (or close it, when it is reachable).

Examples:
  netwarden reach --from internet --to eni-0cbc9c44d6baeaacf --port 443
  netwarden reach --from i-03dcf6b4d97d59769 --to eni-010bf088bac2c4835 --port 5432 --format json

Exit codes: 0 reachable, ${EXIT_NOT_REACHABLE} not reachable (or unknown), 1 error (bad option,
unknown resource id, unreadable snapshot).`,
    )
    .action(async (opts: ReachCliOptions) => {
      const { query, options } = queryFromOptions(opts);
      const read = await resolveSnapshotInput(opts.snapshot);
      const model = NetworkModel.build(read.snapshot);
      printDiagnostics(ctx.io, [...read.diagnostics, ...model.diagnostics]);
      let result: PathResult;
      try {
        result = analyzePath(model, query, options);
      } catch (error: unknown) {
        if (error instanceof PathQueryError) throw new UsageError(error.message);
        throw error;
      }
      if (opts.format === 'json') printJson(ctx.io, result);
      else ctx.io.out(formatPathText(result));
      ctx.setExitCode(result.reachable ? 0 : EXIT_NOT_REACHABLE);
    });
};
