import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Command } from 'commander';
import { createApplyCommand } from '../../../lambdas/cli/commands/apply';
import type { CliContext } from '../../../lambdas/cli/context';
import { runCli } from '../../../lambdas/cli/main';
import { sameNetwork } from '../../../lambdas/core/remediation/canonical';
import { EXAMPLE_SNAPSHOT_DIR, readSnapshotPath } from '../../../lambdas/local/snapshot-folder';
import { smallSnapshot, WEB_SG } from '../remediation/small-snapshot';
import { capture } from './cli-io';

describe('netwarden plan / apply / rollback', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netwarden-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('plan prints, per finding, the actions, the verdict and the decision', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['plan', '--state', path.join(dir, 'state')], io);

    // Assess
    expect(io.stdout).toMatch(/^Planned \d+ finding\(s\) of example:acme/);
    expect(io.stdout).toContain(
      '[critical] sg-risky-port-open-to-internet on sg-0009b4e713a5634dd tcp 22 from 0.0.0.0/0',
    );
    expect(io.stdout).toContain(
      '1. RevokeSecurityGroupIngress sg-0009b4e713a5634dd: tcp 22 from 0.0.0.0/0 (rule sgr-08c25c2670c0fe6e8)',
    );
    expect(io.stdout).toMatch(/^Planned \d+ finding\(s\) of example:acme against 13 intent\(s\) from intents.yaml/);
    expect(io.stdout).toContain(
      'verification: SAFE: the finding is gone on the simulated network and all 13 intent(s) that held still hold',
    );
    expect(io.stdout).toContain('verification: UNSAFE: it would break must-work intent internet-to-prod-alb-https');
    expect(io.stdout).toMatch(/decision: {5}remediate: default mode auto: critical, reachable from the internet/);
    expect(code).toBe(2);
  });

  it('plan --format json gives every item its finding, exact EC2 parameters, verdict and decision', async () => {
    // Prepare
    const io = capture();

    // Act
    await runCli(['plan', '--format', 'json', '--state', path.join(dir, 'state')], io);
    const doc = JSON.parse(io.stdout);

    // Assess
    const ssh = doc.items.find(
      (i: { finding: { ruleId: string; resourceId: string; fromPort?: number } }) =>
        i.finding.ruleId === 'sg-risky-port-open-to-internet' &&
        i.finding.resourceId === 'sg-0009b4e713a5634dd' &&
        i.finding.fromPort === 22,
    );
    expect(ssh.plan.actions[0]).toEqual({
      api: 'RevokeSecurityGroupIngress',
      resourceId: 'sg-0009b4e713a5634dd',
      params: { GroupId: 'sg-0009b4e713a5634dd', SecurityGroupRuleIds: ['sgr-08c25c2670c0fe6e8'] },
      permissions: [expect.objectContaining({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 })],
    });
    expect(ssh.verdict).toEqual(expect.objectContaining({ safe: expect.any(Boolean), reason: expect.any(String) }));
    expect(ssh.decision.reasons.length).toBeGreaterThan(0);
    expect(doc.summary.findings).toBe(doc.items.length);
  });

  it('plan honours a config exemption and reports an expired one instead of trusting it', async () => {
    // Prepare
    const io = capture();
    const config = path.join(dir, 'remediation.yaml');
    await writeFile(
      config,
      [
        'version: 1',
        'exemptions:',
        '  - resource: sg-0009b4e713a5634dd',
        '    rules: [sg-risky-port-open-to-internet]',
        '    owner: alice@example.com',
        '    reason: vendor jump host until the VPN lands',
        '    expires: 2999-01-31',
        '  - resource: sg-0a99fb3f9fb2526d8',
        '    rules: [sg-all-traffic-open-to-internet]',
        '    owner: bob@example.com',
        '    reason: load test',
        '    expires: 2020-01-31',
      ].join('\n'),
    );

    // Act
    await runCli(['plan', '--format', 'json', '--config', config, '--state', path.join(dir, 'state')], io);
    const items: { finding: { resourceId: string }; decision: { outcome: string; reasons: string[] } }[] = JSON.parse(
      io.stdout,
    ).items;

    // Assess
    const bastion = items.find((i) => i.finding.resourceId === 'sg-0009b4e713a5634dd');
    const debug = items.find((i) => i.finding.resourceId === 'sg-0a99fb3f9fb2526d8');
    expect(bastion?.decision.outcome).toBe('exempt');
    expect(bastion?.decision.reasons[0]).toMatch(
      /owner alice@example.com, reason "vendor jump host until the VPN lands"/,
    );
    expect(debug?.decision.outcome).toBe('remediate');
    expect(debug?.decision.reasons.at(-1)).toMatch(
      /ignored exemption \(.*remediation.yaml: \$.exemptions\[1\]\): expired on 2020-02-01/,
    );
  });

  it('rejects an unknown --format and a bad config with one clear line', async () => {
    // Prepare
    const io = capture();

    // Act
    const format = await runCli(['plan', '--format', 'yaml'], io);
    const missing = await runCli(['plan', '--config', path.join(dir, 'nope.yaml')], io);

    // Assess
    expect(format).toBe(1);
    expect(missing).toBe(1);
    expect(io.stderr).toContain('--format "yaml": expected one of text, json');
    expect(io.stderr).toMatch(/--config .*nope.yaml: cannot read it/);
  });

  it('apply requires --out and refuses a folder that is not empty', async () => {
    // Prepare
    const io = capture();

    // Act
    const noOut = await runCli(['apply', '--yes'], io);
    const intoInput = await runCli(['apply', '--yes', '--out', path.join(EXAMPLE_SNAPSHOT_DIR, 'x')], io);

    // Assess
    expect(noOut).toBe(1);
    expect(intoInput).toBe(1);
    expect(io.stderr).toContain('--out <dir> is required');
    expect(io.stderr).toContain('overlaps the input snapshot');
  });

  it('apply refuses without --yes when no one can be asked, and stops when the person says no', async () => {
    // Prepare
    const refusedIo = capture();
    const declinedIo = capture();
    const run = async (io: ReturnType<typeof capture>, interactive: boolean) => {
      let exitCode = 0;
      const ctx: CliContext = { io, setExitCode: (c) => (exitCode = c) };
      const program = new Command('netwarden').exitOverride();
      createApplyCommand({
        isInteractive: () => interactive,
        ask: async () => 'n',
        now: () => new Date('2026-11-22T10:00:00Z'),
      })(program, ctx);
      try {
        await program.parseAsync(['apply', '--out', path.join(dir, 'out'), '--state', path.join(dir, 'state')], {
          from: 'user',
        });
      } catch (error: unknown) {
        return { exitCode, error };
      }
      return { exitCode, error: undefined };
    };

    // Act
    const refused = await run(refusedIo, false);
    const declined = await run(declinedIo, true);

    // Assess
    expect(String(refused.error)).toContain(
      'refusing to apply without confirmation: stdin is not a terminal, so pass --yes',
    );
    expect(declined).toEqual({ exitCode: 2, error: undefined });
    expect(declinedIo.stdout).toContain('Not applied.');
    await expect(readdir(path.join(dir, 'out'))).rejects.toThrow();
  });

  it('apply --yes writes a new snapshot and stores the plan; rollback restores the original network', async () => {
    // Prepare
    const io = capture();
    const out = path.join(dir, 'out');
    const state = path.join(dir, 'state');

    // Act
    const applied = await runCli(
      ['apply', '--yes', '--out', out, '--state', state, '--only', 'sg-risky-port-open-to-internet'],
      io,
    );
    const id = /Plan (plan-\S+):/.exec(io.stdout)?.[1] ?? '';
    const stored = JSON.parse(await readFile(path.join(state, 'plans', `${id}.json`), 'utf8'));
    const rolledBack = await runCli(['rollback', id, '--state', state], io);
    const again = await runCli(['rollback', id, '--state', state], io);
    const original = await readSnapshotPath(EXAMPLE_SNAPSHOT_DIR);
    const changed = await readSnapshotPath(out);
    const restored = await readSnapshotPath(`${out}-rolled-back`);

    // Assess
    expect(applied).toBe(0);
    expect(stored.status).toBe('applied');
    expect(stored.items.every((i: { ruleId: string }) => i.ruleId === 'sg-risky-port-open-to-internet')).toBe(true);
    expect(stored.beforeState.length).toBeGreaterThan(0);
    expect(sameNetwork(changed.snapshot, original.snapshot)).toBe(false);
    expect(rolledBack).toBe(0);
    expect(io.stdout).toMatch(/all \d+ touched resource\(s\) match their before-state/);
    expect(sameNetwork(restored.snapshot, original.snapshot)).toBe(true);
    expect(again).toBe(1);
    expect(io.stderr).toContain(`plan ${id} was already rolled back`);
  });

  it('apply leaves out a plan that would cut a must-work flow and applies the safe ones', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(
      [
        'apply',
        '--yes',
        '--out',
        path.join(dir, 'out'),
        '--state',
        path.join(dir, 'state'),
        '--only',
        'sg-0143991342248df5c',
      ],
      io,
    );

    // Assess
    expect(code).toBe(0);
    expect(io.stderr).toMatch(
      /not applied: sg-wide-public-range on sg-0143991342248df5c: unsafe: it would break must-work intent internet-to-prod-alb-https/,
    );
    expect(io.stdout).toContain('RevokeSecurityGroupIngress sg-0143991342248df5c: tcp 80 from 0.0.0.0/0');
    expect(io.stdout).not.toContain('tcp 443 from 0.0.0.0/0');
    const written = await readSnapshotPath(path.join(dir, 'out'));
    const alb = written.snapshot.SecurityGroups.find((g) => g.GroupId === 'sg-0143991342248df5c');
    expect(
      alb?.IpPermissions?.some((p) => p.FromPort === 443 && p.IpRanges?.some((r) => r.CidrIp === '0.0.0.0/0')),
    ).toBe(true);
  });

  it('rollback explains an unknown plan id', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['rollback', 'plan-20261122T100000Z-abcdef', '--state', dir], io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toMatch(
      /no plan plan-20261122T100000Z-abcdef in .*plans \(give --state the folder netwarden apply used\)/,
    );
  });

  it.each(['plan', 'apply', 'rollback'])('%s --help explains inputs, defaults and exit codes', async (command) => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli([command, '--help'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('Exit codes:');
    expect(io.stdout).toMatch(/default/);
  });
});

/** The fixture as EC2 sends it: the SDK's output types spell enum fields as unions our snapshot types keep as strings. */
function wire<T>(value: unknown): T {
  return value as T;
}

describe('netwarden apply / rollback on a live account (--region)', () => {
  const ec2 = mockClient(EC2Client);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netwarden-live-'));
    const s = smallSnapshot();
    ec2.reset();
    ec2.onAnyCommand().resolves({});
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: wire(s.Vpcs) });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: wire(s.Subnets) });
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: wire(s.RouteTables) });
    ec2.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: wire(s.NetworkAcls) });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: wire(s.SecurityGroups) });
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: wire(s.SecurityGroupRules) });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: wire(s.NetworkInterfaces) });
    ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: wire(s.InternetGateways) });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => ec2.restore());

  it('revokes through EC2 with the recorded before-state, and rollback re-authorizes exactly that source', async () => {
    // Prepare
    const io = capture();

    // Act
    const applied = await runCli(
      ['apply', '--region', 'eu-west-1', '--yes', '--only', 'sg-risky-port-open-to-internet', '--state', dir],
      io,
    );
    const id = /Plan (plan-\S+):/.exec(io.stdout)?.[1] ?? '';
    const stored = JSON.parse(await readFile(path.join(dir, 'plans', `${id}.json`), 'utf8'));
    const rolledBack = await runCli(['rollback', id, '--state', dir], io);

    // Assess
    expect(applied).toBe(0);
    expect(stored.target).toEqual({ kind: 'aws', region: 'eu-west-1' });
    expect(stored.beforeState[0].fragment.SecurityGroups[0].GroupId).toBe(WEB_SG);
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      { GroupId: WEB_SG, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] },
    ]);
    expect(rolledBack).toBe(0);
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      {
        GroupId: WEB_SG,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary debugging' }],
          },
        ],
      },
    ]);
    expect(io.stdout).toContain('Changed aws:eu-west-1; all 1 touched resource(s) match their before-state.');
  });

  it('refuses --out with --region', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['apply', '--region', 'eu-west-1', '--out', path.join(dir, 'out'), '--yes'], io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toContain('--out is for snapshots: with --region the account itself is changed');
  });
});
