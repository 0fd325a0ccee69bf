import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../../lambdas/cli/main';
import { diffSnapshots } from '../../../lambdas/core/drift/diff';
import { parseBaseline } from '../../../lambdas/core/drift/parse-baseline';
import { readSnapshotPath, writeSnapshotFolder } from '../../../lambdas/local/snapshot-folder';
import { ACME, ACME_INTENTS_FILE, acme, edited, routeTable, securityGroup } from '../../fixtures/drift/acme';
import { capture } from './cli-io';

describe('netwarden baseline / drift', () => {
  let dir: string;
  let baselineFile: string;
  let driftedDir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netwarden-drift-'));
    baselineFile = path.join(dir, 'baseline.json');
    driftedDir = path.join(dir, 'drifted');
    const drifted = edited(await acme(), (s) => {
      const table = routeTable(s, ACME.prodPrivateA);
      table.Routes = table.Routes?.filter((r) => r.DestinationCidrBlock !== '10.30.0.0/16');
      securityGroup(s, ACME.prodAppGroup).IpPermissions?.push({
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      });
    });
    await writeSnapshotFolder(drifted, driftedDir);
    expect(await runCli(['baseline', 'capture', '--out', baselineFile], capture())).toBe(0);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('captures the example account and finds no drift on it (exit 0)', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['drift', '--baseline', baselineFile], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('No drift: example:acme matches the baseline');
    expect(parseBaseline(await readFile(baselineFile, 'utf8'), baselineFile).origin).toBe('example:acme');
  });

  it('lists each difference with its class, evidence and restore plan (exit 2)', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(
      ['drift', '--baseline', baselineFile, '--snapshot', driftedDir, '--intents', ACME_INTENTS_FILE],
      io,
    );

    // Assess
    expect(code).toBe(2);
    expect(io.stdout).toContain('2 difference(s)');
    expect(io.stdout).toMatch(
      /breaking\s+rtb-051f65fcc5deeb9dc\s+removed routes\["10.30.0.0\/16"\]\s+safe\s+remediate/,
    );
    expect(io.stdout).toMatch(
      /risky\s+sg-0d7267251fa05346d\s+added ingress\["tcp 22 from 0.0.0.0\/0"\]\s+safe\s+remediate/,
    );
    expect(io.stdout).toContain('must-work intent shared-monitoring-scrapes-prod-app stopped working');
    expect(io.stdout).toContain('CreateRoute rtb-051f65fcc5deeb9dc 10.30.0.0/16 -> pcx-0a291dd7996f13080');
  });

  it('prints JSON for machines', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(
      [
        'drift',
        '--baseline',
        baselineFile,
        '--snapshot',
        driftedDir,
        '--intents',
        ACME_INTENTS_FILE,
        '--format',
        'json',
      ],
      io,
    );

    // Assess
    expect(code).toBe(2);
    const doc = JSON.parse(io.stdout);
    expect(doc.summary).toEqual({ differences: 2, risky: 1, breaking: 1, benign: 0, restorable: 2 });
    expect(doc.items.map((i: { class: string; difference: { path: string } }) => [i.class, i.difference.path])).toEqual(
      [
        ['breaking', 'routes["10.30.0.0/16"]'],
        ['risky', 'ingress["tcp 22 from 0.0.0.0/0"]'],
      ],
    );
    expect(doc.applied).toBeNull();
  });

  it('--apply restores the safe differences into a new folder and stores the restore for rollback (exit 0)', async () => {
    // Prepare
    const io = capture();
    const out = path.join(dir, 'restored');
    const state = path.join(dir, 'state');

    // Act
    const code = await runCli(
      [
        'drift',
        '--baseline',
        baselineFile,
        '--snapshot',
        driftedDir,
        '--intents',
        ACME_INTENTS_FILE,
        '--apply',
        '--out',
        out,
        '--yes',
        '--state',
        state,
      ],
      io,
    );

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('2 difference(s) restored');
    expect(io.stdout).toMatch(/Undo with: netwarden rollback plan-\S+ --state /);
    const restored = await readSnapshotPath(out);
    const baseline = parseBaseline(await readFile(baselineFile, 'utf8'), baselineFile);
    expect(diffSnapshots(baseline, restored.snapshot)).toEqual([]);
    expect(await readdir(path.join(state, 'plans'))).toHaveLength(1);
  });

  it('approve accepts a difference with who and why, and drift stops reporting it', async () => {
    // Prepare
    const approveIo = capture();
    const driftIo = capture();

    // Act
    const approveCode = await runCli(
      [
        'baseline',
        'approve',
        '--baseline',
        baselineFile,
        '--snapshot',
        driftedDir,
        '--by',
        'alice@example.com',
        '--reason',
        'CHG-42 monitoring moved to the transit gateway',
        '--resource',
        ACME.prodPrivateA,
      ],
      approveIo,
    );
    const driftCode = await runCli(
      ['drift', '--baseline', baselineFile, '--snapshot', driftedDir, '--format', 'json'],
      driftIo,
    );

    // Assess
    expect(approveCode).toBe(0);
    expect(approveIo.stdout).toContain(`${ACME.prodPrivateA} routes["10.30.0.0/16"] (removed)`);
    const baseline = parseBaseline(await readFile(baselineFile, 'utf8'), baselineFile);
    expect(baseline.approvals).toEqual([
      expect.objectContaining({
        by: 'alice@example.com',
        reason: 'CHG-42 monitoring moved to the transit gateway',
        resources: [ACME.prodPrivateA],
      }),
    ]);
    expect(driftCode).toBe(2);
    expect(JSON.parse(driftIo.stdout).items.map((i: { key: string }) => i.key)).toEqual([
      `drift|${ACME.prodAppGroup}|ingress["tcp 22 from 0.0.0.0/0"]`,
    ]);
  });

  it.each([
    [['drift'], '--baseline <file> is required'],
    [['drift', '--baseline', 'BASELINE', '--apply'], '--apply needs --out <dir>'],
    [['drift', '--baseline', 'BASELINE', '--format', 'yaml'], '--format "yaml": expected one of table, json'],
    [['baseline', 'capture', '--out', 'BASELINE'], 'already exists'],
    [['baseline', 'capture', '--out', 'OTHER', '--snapshot', 'x', '--region', 'eu-west-1'], 'not both'],
  ])('%j fails with one clear line (exit 1)', async (args, message) => {
    // Prepare
    const io = capture();
    const argv = args.map((a) => (a === 'BASELINE' ? baselineFile : a === 'OTHER' ? path.join(dir, 'other.json') : a));

    // Act
    const code = await runCli(argv, io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toContain(message);
  });

  it('a malformed baseline is an error naming the file and the JSON path (exit 1)', async () => {
    // Prepare
    const io = capture();
    const doc = JSON.parse(await readFile(baselineFile, 'utf8'));
    doc.resources[ACME.prodPrivateA].state.routes = ['0.0.0.0/0'];
    await writeFile(baselineFile, JSON.stringify(doc));

    // Act
    const code = await runCli(['drift', '--baseline', baselineFile], io);

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toContain(
      `BaselineFormatError: ${baselineFile}: $.resources["${ACME.prodPrivateA}"].state.routes: expected an object of items`,
    );
  });

  it('--help explains classes, restores and exit codes', async () => {
    // Prepare
    const io = capture();

    // Act
    const code = await runCli(['drift', '--help'], io);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout).toContain('risky     a risk finding appears');
    expect(io.stdout).toContain('Exit codes: 0 no drift');
    expect(io.stdout).toContain('drift-route-table');
  });
});
