import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { Ec2NetworkReader } from '../../aws/ec2-network-reader';
import { writeSnapshotFolder } from '../../local/snapshot-folder';
import type { CommandRegistrar } from '../context';
import { printDiagnostics } from '../format/diagnostics';

interface SnapshotOptions {
  region: string;
  profile?: string;
  out: string;
}

/** JSON files already in the folder that this run did not write: a reader would merge them in. */
async function staleFiles(dir: string, written: readonly string[]): Promise<string[]> {
  const fresh = new Set(written.map((f) => resolve(f)));
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
    .map((e) => resolve(join(e.parentPath, e.name)))
    .filter((file) => !fresh.has(file))
    .sort();
}

export const registerSnapshot: CommandRegistrar = (program, ctx) => {
  program
    .command('snapshot')
    .description('Save a live account region as a snapshot folder (read-only describe calls)')
    .requiredOption('--region <region>', 'AWS Region to read, e.g. eu-west-1')
    .option('--profile <name>', 'named profile from ~/.aws/config (default: the default credential chain)')
    .requiredOption(
      '--out <dir>',
      'folder to write the snapshot to (created if missing; files of the same name are overwritten, other JSON files there are reported)',
    )
    .addHelpText(
      'after',
      `
Runs the describe calls of the snapshot format with pagination: describe-vpcs, -subnets,
-route-tables, -network-acls, -security-groups, -security-group-rules, -network-interfaces,
-instances, -internet-gateways, -egress-only-internet-gateways, -nat-gateways,
-vpc-peering-connections, -transit-gateways, -transit-gateway-attachments,
-transit-gateway-vpc-attachments, -transit-gateway-route-tables, -vpc-endpoints,
-managed-prefix-lists, -flow-logs; then get-managed-prefix-list-entries per prefix list and
search-transit-gateway-routes (active and blackhole) per transit gateway route table.
Files are written as the AWS CLI prints them, so every other command can read the folder with
--snapshot. Progress goes to stderr. Needs only read access (AmazonEC2ReadOnlyAccess).

Exit codes: 0 snapshot written, 1 error (no credentials, access denied — the message names the
denied call —, unknown Region, unwritable --out).`,
    )
    .action(async (opts: SnapshotOptions) => {
      const client = new EC2Client({ region: opts.region, ...(opts.profile ? { profile: opts.profile } : {}) });
      try {
        const reader = new Ec2NetworkReader(client, {
          region: opts.region,
          onProgress: (line) => ctx.io.err(`${line}\n`),
        });
        const read = await reader.read();
        printDiagnostics(ctx.io, read.diagnostics);
        const out = resolve(opts.out);
        const files = await writeSnapshotFolder(read.snapshot, out);
        for (const stale of await staleFiles(out, files)) {
          ctx.io.err(`warning: ${stale} is not from this snapshot but will be read with it; delete it\n`);
        }
        const s = read.snapshot;
        ctx.io.out(
          `Wrote ${files.length} file(s) to ${out} from ${read.origin}: ${s.Vpcs.length} VPC(s), ${s.Subnets.length} subnet(s), ` +
            `${s.SecurityGroups.length} security group(s), ${s.NetworkInterfaces.length} network interface(s).\n`,
        );
      } finally {
        client.destroy();
      }
    });
};
