import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../lambdas/cli/main';
import type { HistoryRecord } from '../../../lambdas/core/history/records';
import { openLocalHistory } from '../../../lambdas/local/embedded-dynamo';
import { actionRecord, decisionRecord, errorRecord, evaluation, findingRecord, SSH_FINDING } from './record-fixtures';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const HOUR = 3_600_000;

describe('netwarden history', () => {
  let dir: string;
  const now = Date.now();
  const ago = (hours: number) => new Date(now - hours * HOUR).toISOString();
  let seeded: HistoryRecord[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netwarden-history-cli-'));
    seeded = [
      evaluation(ago(30), 'e1', SSH_FINDING.resourceId, SSH_FINDING.ruleId, 'NON_COMPLIANT'),
      findingRecord(ago(29), 'f1', { ...SSH_FINDING, message: '=HYPERLINK("http://evil.example","x"), "quoted"' }),
      decisionRecord(ago(28), 'd1'),
      actionRecord(ago(27), 'a1'),
      errorRecord(ago(24 * 10), 'old-error'),
      { ...errorRecord(ago(26), 'x-formula'), resourceId: '@SUM(1+1)*cmd' },
    ];
    const history = await openLocalHistory(dir);
    await history.store.appendAll(seeded);
    await history.stop();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the history of a resource as a table, oldest first', async () => {
    // Act
    const { code, out } = await cli(['history', '--resource', SSH_FINDING.resourceId, '--state', dir]);

    // Assess
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+KIND\s+RESOURCE\s+RULE\s+WHAT HAPPENED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[1])).toEqual(['evaluation', 'finding', 'decision', 'action']);
    expect(lines[4]).toContain('applied: RevokeSecurityGroupIngress [b7c3a1d2-8e9f-4a0b-9c1d-2e3f4a5b6c7d]');
  });

  it('prints a rule history as JSON, newest first, filtered by kind', async () => {
    // Act
    const { code, out } = await cli([
      'history',
      '--rule',
      SSH_FINDING.ruleId,
      '--kind',
      'decision,action',
      '--order',
      'desc',
      '--format',
      'json',
      '--state',
      dir,
    ]);

    // Assess
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { records: HistoryRecord[] };
    expect(parsed.records).toEqual([seeded[3], seeded[2]]);
  });

  it('shows the last 7 days when no resource or rule is named, and writes spreadsheet-safe CSV', async () => {
    // Act
    const { code, out } = await cli(['history', '--format', 'csv', '--state', dir]);

    // Assess
    expect(code).toBe(0);
    const lines = out.split('\r\n');
    expect(lines[0]).toBe('at,kind,resourceId,ruleId,recordId,correlationId,summary,record');
    expect(out).not.toContain('old-error');
    expect(lines).toHaveLength(7);
    expect(lines[5]).toMatch(/^[^,]+,error,'@SUM\(1\+1\)\*cmd,,x-formula,/);
    expect(lines[2]).toContain('f1,run-1,"open high: =HYPERLINK(""http://evil.example"",""x""), ""quoted"""');
  });

  it('stops after --limit records', async () => {
    // Act
    const { code, out } = await cli([
      'history',
      '--since',
      ago(24 * 30).slice(0, 10),
      '--limit',
      '2',
      '--format',
      'json',
      '--state',
      dir,
    ]);

    // Assess
    expect(code).toBe(0);
    expect((JSON.parse(out) as { records: HistoryRecord[] }).records.map((r) => r.recordId)).toEqual([
      'old-error',
      'e1',
    ]);
  });

  it.each([
    [['--since', 'yesterday'], '--since: expected a day (2026-11-01) or an instant with a zone'],
    [['--kind', 'evaluation,verdict'], '--kind: unknown kind "verdict"'],
    [['--limit', '0'], '--limit: expected a positive whole number, got 0'],
    [['--since', '2026-11-10', '--until', '2026-11-01'], 'must be before until'],
  ])('refuses %j with one clear line', async (args, message) => {
    // Act
    const { code, err } = await cli(['history', ...args, '--state', dir]);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('explains its inputs and exit codes in --help', async () => {
    // Act
    const { code, out } = await cli(['history', '--help']);

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('--resource <id>');
    expect(out).toContain('Exit codes: 0 success');
  });
});
