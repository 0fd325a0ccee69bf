import path from 'node:path';
import { runCli } from '../../../lambdas/cli/main';
import type { PathResult } from '../../../lambdas/core/reach/types';
import { capture } from './cli-io';

const fixture = (name: string) => path.resolve(__dirname, '../../fixtures/reach', name, 'snapshot.json');
const ALB = 'eni-0cbc9c44d6baeaacf';
const PROD_APP = 'i-03dcf6b4d97d59769';
const PROD_DB = 'eni-010bf088bac2c4835';
const STAGING_APP = 'eni-099cbb0df4b470730';

describe('netwarden reach', () => {
  it('prints a traceroute of a reachable path on the example account and exits 0', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['reach', '--from', 'internet', '--to', ALB, '--port', '443'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('Forward path:');
    expect(io.stdout).toContain('Return path:');
    expect(io.stdout).toContain('Verdict: REACHABLE');
    expect(io.stdout).toMatch(/igw-\w+\s+internet-gateway\s+.*translates 34\.249\.17\.201 to 10\.10\.0\.40/);
    expect(io.stdout).toContain('Linux default');
    expect(io.stdout).toContain('To close this path:');
  });

  it('prints every blocker and the fixes, and exits 3, when staging tries the production database', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['reach', '--from', STAGING_APP, '--to', PROD_DB, '--port', '5432'], io);

    // Assess
    expect(code).toBe(3);
    expect(io.stdout).toContain('Verdict: NOT REACHABLE');
    for (const c of ['SUBNET_ACL_RESTRICTION', 'ENI_SG_RULES_MISMATCH', 'NO_ROUTE_TO_DESTINATION'])
      expect(io.stdout).toContain(c);
    expect(io.stdout).toContain('AuthorizeSecurityGroupIngress');
  });

  it('prints the result as JSON for machines', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['reach', '--from', PROD_APP, '--to', PROD_DB, '--port', '5432', '--format', 'json'], io);

    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(io.stdout) as PathResult;
    expect(result.reachable).toBe(true);
    expect(result.forwardPath.at(-1)?.componentId).toBe(PROD_DB);
    expect(result.returnPath.length).toBeGreaterThan(0);
    expect(result.explanations).toEqual([]);
  });

  it('reads a snapshot file and honours --ephemeral-ports and --source-port', async () => {
    // Prepare
    const args = [
      'reach',
      '--snapshot',
      fixture('nacl-ephemeral-return-trap'),
      '--from',
      'internet',
      '--to',
      'eni-0a1a0000000000001',
      '--port',
      '443',
    ];

    // Act
    const linux = await runCli(args, capture());
    const windowsRange = await runCli([...args, '--ephemeral-ports', '1024-32767'], capture());
    const port = await runCli([...args, '--source-port', '20000'], capture());

    // Assess
    expect([linux, windowsRange, port]).toEqual([3, 0, 0]);
  });

  it.each([
    [['reach', '--from', 'eni-0nothere', '--to', 'internet'], 'network interface eni-0nothere is not in the snapshot'],
    [['reach', '--from', 'internet', '--to', ALB, '--port', '70000'], '--port "70000": expected a port 0-65535'],
    [['reach', '--from', 'internet', '--to', ALB, '--protocol', 'sctp'], '--protocol: Invalid protocol "sctp"'],
    [
      ['reach', '--from', 'internet', '--to', ALB, '--source-ip', 'nope'],
      'source IP "nope" is not an IPv4 or IPv6 address',
    ],
  ])('exits 1 with one clear line on bad input: %j', async (args, message) => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(args, io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toContain(message);
  });

  it('explains its inputs and exit codes in --help', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['reach', '--help'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('--ephemeral-ports');
    expect(io.stdout).toContain('Exit codes: 0 reachable, 3 not reachable');
  });
});
