import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../../lambdas/cli/main';
import type { IntentResult } from '../../../lambdas/core/reach';
import { capture } from './cli-io';

describe('netwarden verify', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netwarden-verify-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes every intent of the example account and exits 0', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['verify'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('13 of 13 intents hold.');
    expect(io.stdout).toMatch(/pass\s+must-never\s+staging-never-reaches-prod-database/);
  });

  it('exits 2 and names the failing flow when an intent does not hold', async () => {
    // Prepare
    const file = path.join(dir, 'intents.yaml');
    await writeFile(
      file,
      'version: 1\nintents:\n  - name: no-ssh-to-bastion\n    kind: must-never\n    from: internet\n    to: { tag: { Role: bastion } }\n    protocol: tcp\n    ports: [22]\n',
    );
    const io = capture();

    // Act
    const code = await runCli(['verify', '--intents', file, '--format', 'json'], io);

    // Assess
    expect(code).toBe(2);
    const { results } = JSON.parse(io.stdout) as { results: IntentResult[] };
    expect(results[0]).toMatchObject({ name: 'no-ssh-to-bastion', holds: false });
    expect(results[0]?.evidence).toContain('internet -> eni-045fae9355eecbdc4');
  });

  it('exits 1 with the file, line and field of a bad intents file', async () => {
    // Prepare
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'version: 1\nintents:\n  - name: x\n    kind: maybe\n');
    const io = capture();

    // Act
    const code = await runCli(['verify', '--intents', file], io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toContain(`${file}:4: intents[0].kind: "maybe": expected must-work or must-never`);
  });
});
