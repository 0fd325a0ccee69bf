import path from 'node:path';
import { runCli } from '../../../lambdas/cli/main';
import type { InterfaceExposure } from '../../../lambdas/core/reach';
import { capture } from './cli-io';

describe('netwarden exposure', () => {
  it('tables what the internet reaches on the example account', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['exposure'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toMatch(
      /eni-045fae9355eecbdc4\s+prod-bastion\s+v4\s+54\.77\.140\.52\s+tcp\s+22\s+any public IPv4 address/,
    );
    expect(io.stdout).toMatch(/eni-0880dcdb4212968b7\s+prod-finance-jump\s+v6\s+\S+\s+tcp\s+3389/);
    expect(io.stdout).toContain('8 of 41 network interfaces reachable from the internet.');
  });

  it('prints JSON with a reachable witness path per answer', async () => {
    // Prepare
    const io = capture();
    const snapshot = path.resolve(__dirname, '../../fixtures/reach/igw-https-to-web/snapshot.json');

    // Act
    const code = await runCli(
      ['exposure', '--snapshot', snapshot, '--format', 'json', '--interface', 'eni-0a1a0000000000001'],
      io,
    );

    // Assess
    expect(code).toBe(0);
    const [web] = JSON.parse(io.stdout) as InterfaceExposure[];
    expect(web?.answers.map((a) => [a.protocol, a.ports, a.witness?.reachable])).toEqual([['tcp', '443', true]]);
  });

  it('exits 1 for an unknown interface', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['exposure', '--interface', 'eni-0nothere'], io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toContain('--interface: eni-0nothere is not in the snapshot');
  });
});
