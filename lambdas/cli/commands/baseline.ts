import { access } from 'node:fs/promises';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { Command } from 'commander';
import { Ec2NetworkReader } from '../../aws/ec2-network-reader';
import { ApprovalError, approveDrift } from '../../core/drift/approve';
import { captureBaseline } from '../../core/drift/baseline';
import { DRIFT_RESOURCE_TYPES } from '../../core/drift/resource-state';
import { readBaselineFile, writeBaselineFile } from '../../local/baseline-file';
import { resolveSnapshotInput } from '../../local/snapshot-folder';
import type { SnapshotRead } from '../../ports';
import { type CliContext, type CommandRegistrar, UsageError } from '../context';
import { printDiagnostics } from '../format/diagnostics';

interface SourceOptions {
  snapshot?: string;
  region?: string;
  profile?: string;
}

interface CaptureOptions extends SourceOptions {
  out: string;
  force?: boolean;
}

interface ApproveOptions extends SourceOptions {
  baseline: string;
  by: string;
  reason: string;
  resource?: string[];
}

export interface BaselineDependencies {
  now(): Date;
}

const TRACKED = `What a baseline holds, per resource (normalised: sorted, without AWS's own ids and states):
  security groups      every rule, one per source, with its description
  network ACLs         entries (by direction and rule number) and subnet associations
  route tables         static routes (destination -> target) and associations
  internet gateways    VPC attachments
  NAT gateways         VPC, subnet, connectivity type (deleted/failed ones count as gone)
  peering connections  requester and accepter VPC, status
  VPCs and subnets     flow logs (traffic type and destination); subnets: MapPublicIpOnLaunch
Resource types: ${DRIFT_RESOURCE_TYPES.join(', ')}.`;

/** The network to baseline: a live Region, a snapshot, or the embedded example account. */
export async function readNetwork(opts: SourceOptions, ctx: CliContext): Promise<SnapshotRead> {
  if (opts.region !== undefined && opts.snapshot !== undefined) {
    throw new UsageError('give either --snapshot or --region, not both');
  }
  if (opts.region === undefined) return resolveSnapshotInput(opts.snapshot);
  const client = new EC2Client({ region: opts.region, ...(opts.profile ? { profile: opts.profile } : {}) });
  try {
    return await new Ec2NetworkReader(client, {
      region: opts.region,
      onProgress: (line) => ctx.io.err(`${line}\n`),
    }).read();
  } finally {
    client.destroy();
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

function addSourceOptions(command: Command): Command {
  return command
    .option('--snapshot <path>', 'snapshot folder or merged JSON file (default: the embedded example account)')
    .option('--region <region>', 'read a live account Region instead (read-only describe calls)')
    .option('--profile <name>', 'with --region: named profile (default: the default credential chain)');
}

export function createBaselineCommand(deps: BaselineDependencies = { now: () => new Date() }): CommandRegistrar {
  return (program: Command, ctx: CliContext) => {
    const baseline = program
      .command('baseline')
      .description('Capture the approved network state drift is measured against, and approve changes into it');

    addSourceOptions(
      baseline
        .command('capture')
        .description('Write the current state of the network as the approved baseline')
        .requiredOption('--out <file>', 'baseline file to write (JSON)')
        .option('--force', 'overwrite an existing baseline file (its approvals are lost)'),
    )
      .addHelpText(
        'after',
        `
Reads the network (--snapshot, --region, or the embedded example account) and writes its tracked
state as a versioned JSON baseline: { formatVersion, capturedAt, origin, approvals: [], resources }.
The same network always gives the same bytes, so baselines diff cleanly in review.

${TRACKED}

In the deployed stack the baseline is a versioned S3 object with the same content.

Exit codes: 0 written, 1 error (unreadable input, --out exists without --force, both --snapshot and --region).`,
      )
      .action(async (opts: CaptureOptions) => {
        if (!opts.force && (await exists(opts.out))) {
          throw new UsageError(
            `--out ${opts.out} already exists: approve changes with netwarden baseline approve, or pass --force to replace it (its approvals are lost)`,
          );
        }
        const read = await readNetwork(opts, ctx);
        printDiagnostics(ctx.io, read.diagnostics);
        const captured = captureBaseline(read.snapshot, {
          capturedAt: deps.now().toISOString(),
          origin: read.origin,
        });
        await writeBaselineFile(opts.out, captured);
        const counts = new Map<string, number>();
        for (const r of Object.values(captured.resources)) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
        const summary = [...counts]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([type, n]) => `${n} ${type.replace('AWS::EC2::', '')}`)
          .join(', ');
        ctx.io.out(
          `Baseline of ${Object.keys(captured.resources).length} resource(s) from ${read.origin} written to ${path.resolve(opts.out)}: ${summary}.\n`,
        );
      });

    addSourceOptions(
      baseline
        .command('approve')
        .description('Accept the current differences as the new baseline, recording who and why')
        .requiredOption('--baseline <file>', 'baseline file to update in place')
        .requiredOption('--by <who>', 'who approves (recorded in the approvals list)')
        .requiredOption('--reason <why>', 'why the change is accepted (recorded in the approvals list)')
        .option('--resource <ids...>', 'approve only these resources (default: every resource that differs)'),
    )
      .addHelpText(
        'after',
        `
Compares the baseline with the network now (--snapshot, --region, or the embedded example account),
replaces the approved state of every differing resource (or only the --resource ones) by its current
state, and appends { at, by, reason, resources, differences } to the file's approvals list. Use it
when a change outside NetWarden was intended: netwarden drift then stops reporting it.

Exit codes: 0 approved (or nothing to approve), 1 error (unreadable or malformed baseline, a
--resource that is neither in the baseline nor in the network).`,
      )
      .action(async (opts: ApproveOptions) => {
        const approved = await readBaselineFile(opts.baseline);
        const read = await readNetwork(opts, ctx);
        printDiagnostics(ctx.io, read.diagnostics);
        let result: ReturnType<typeof approveDrift>;
        try {
          result = approveDrift(approved, read.snapshot, {
            by: opts.by,
            reason: opts.reason,
            at: deps.now().toISOString(),
            ...(opts.resource ? { resourceIds: opts.resource } : {}),
          });
        } catch (error: unknown) {
          if (error instanceof ApprovalError) throw new UsageError(error.message);
          throw error;
        }
        if (result.approval === undefined) {
          ctx.io.out(`Nothing to approve: ${read.origin} matches the baseline ${opts.baseline}.\n`);
          return;
        }
        await writeBaselineFile(opts.baseline, result.baseline);
        ctx.io.out(
          `Approved ${result.approval.differences.length} difference(s) on ${result.approval.resources.length} resource(s) by ${opts.by}:\n`,
        );
        for (const line of result.approval.differences) ctx.io.out(`  ${line}\n`);
        ctx.io.out(`Baseline ${path.resolve(opts.baseline)} updated.\n`);
      });
  };
}

export const registerBaseline: CommandRegistrar = createBaselineCommand();
