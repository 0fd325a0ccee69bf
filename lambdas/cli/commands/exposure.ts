import { Option } from 'commander';
import { NetworkModel } from '../../core/model/network-model';
import { exposureOf, type InterfaceExposure } from '../../core/reach';
import { resolveSnapshotInput } from '../../local/snapshot-folder';
import { type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';
import { printJson } from '../format/json';
import { renderTable } from '../format/table';
import { parsePortRange } from './reach';

interface ExposureCliOptions {
  snapshot?: string;
  format: string;
  interface?: string[];
  all?: boolean;
  ephemeralPorts?: string;
}

/** One table row per answer: what is open, to whom, and the witness path's first blocker-free hops. */
export function formatExposureTable(list: readonly InterfaceExposure[], model: NetworkModel, showAll: boolean): string {
  const rows = list.flatMap((e) =>
    e.answers.map((a) => ({
      e,
      a,
      name: model.tagsOf(e.networkInterfaceId).Name ?? model.tagsOf(e.networkInterfaceId).Role ?? '',
    })),
  );
  const lines: string[] = [];
  lines.push(
    renderTable(rows, [
      { header: 'INTERFACE', value: (r) => r.e.networkInterfaceId },
      { header: 'NAME', value: (r) => r.name, maxWidth: 24 },
      { header: 'IP', value: (r) => `v${r.a.family}` },
      { header: 'ADDRESS', value: (r) => r.a.destinationAddress, maxWidth: 40 },
      { header: 'PROTOCOL', value: (r) => r.a.protocol },
      { header: 'PORTS', value: (r) => r.a.ports, maxWidth: 30 },
      { header: 'FROM', value: (r) => r.a.sourcesSummary },
    ]),
  );
  const exposed = list.filter((e) => e.exposed).length;
  lines.push(`${exposed} of ${list.length} network interfaces reachable from the internet.\n`);
  const unknown = list.filter((e) => e.unknown);
  if (unknown.length > 0) {
    lines.push(
      `Unknown (a referenced prefix list is not in the snapshot): ${unknown.map((e) => e.networkInterfaceId).join(', ')}\n`,
    );
  }
  if (showAll) {
    const closed = list.filter((e) => !e.exposed);
    lines.push(
      renderTable(closed, [
        { header: 'NOT EXPOSED', value: (e) => e.networkInterfaceId },
        {
          header: 'WHY',
          value: (e) => e.notes.join('; ') || 'no public address, or every rule, ACL or route blocks the internet',
        },
      ]),
    );
  }
  return lines.filter((l) => l !== '').join('\n');
}

export const registerExposure: CommandRegistrar = (program, ctx) => {
  program
    .command('exposure')
    .description(
      'List exactly which ports of which network interfaces the internet reaches, from which sources (IPv4 and IPv6)',
    )
    .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
    .addOption(
      new Option('--format <format>', 'table (people) or json (machines, with a witness path per answer)')
        .choices(['table', 'json'])
        .default('table'),
    )
    .option('--interface <eni...>', 'only these network interfaces')
    .option('--all', 'also list the interfaces that are not exposed, with the reason')
    .option('--ephemeral-ports <range>', 'ephemeral range replies go to (default 32768-60999)')
    .addHelpText(
      'after',
      `
An answer is a set, not a sample: every (protocol, port) and every internet source range that
passes the security groups, the subnet's network ACL both ways (replies on the ephemeral range)
and whose replies the route table sends back to an attached internet gateway. Each answer in
--format json carries one witness path (the same analysis as \`netwarden reach\`).

Exit codes: 0 (also when something is exposed; use \`netwarden scan\` for a verdict), 1 error.`,
    )
    .action(async (opts: ExposureCliOptions) => {
      const read = await resolveSnapshotInput(opts.snapshot);
      const model = NetworkModel.build(read.snapshot);
      printDiagnostics(ctx.io, [...read.diagnostics, ...model.diagnostics]);
      for (const id of opts.interface ?? []) {
        if (model.networkInterface(id) === undefined) throw new UsageError(`--interface: ${id} is not in the snapshot`);
      }
      const list = exposureOf(model, {
        ...(opts.interface ? { interfaceIds: opts.interface } : {}),
        ...(opts.ephemeralPorts ? { ephemeralPorts: parsePortRange(opts.ephemeralPorts, '--ephemeral-ports') } : {}),
        witnesses: opts.format === 'json',
      });
      if (opts.format === 'json') printJson(ctx.io, list);
      else ctx.io.out(formatExposureTable(list, model, opts.all === true));
    });
};
