// biome-ignore-all lint/performance/useDomNodeTextContent: these are Playwright locators; innerText is the rendered text a person reads, which is what the test checks.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { runCli } from '../../../lambdas/cli/main';
import type { DecisionRecord, HistoryRecord } from '../../../lambdas/core/history/records';
import { openLocalHistory } from '../../../lambdas/local/embedded-dynamo';
import {
  actionRecord,
  decisionRecord,
  errorRecord,
  evaluation,
  findingRecord,
  rollbackRecord,
  SSH_FINDING,
} from '../history/record-fixtures';

const ARTIFACTS = resolve(__dirname, '../../../test-artifacts');
const RISKY = 'sg-risky-port-open-to-internet';
const FLOW = 'vpc-flow-logs-missing';
const PAYLOAD = '<script>window.__netwardenPwned = 1</script><img src=x onerror="window.__netwardenPwned = 2">';

function exemptDecision(
  at: string,
  recordId: string,
  resourceId: string,
  expiresAt: string,
  owner: string,
): DecisionRecord {
  return {
    ...decisionRecord(at, recordId),
    resourceId,
    findingKey: `${RISKY}|${resourceId}|ingress|tcp|3389|3389|{"cidr":"0.0.0.0/0"}|`,
    outcome: 'exempt',
    reason: 'exempted by tag NetWardenExempt',
    exemption: { owner, reason: 'vendor support access', expiresAt, source: 'tag' },
  };
}

function seed(): HistoryRecord[] {
  const sgA = SSH_FINDING.resourceId;
  const sgB = 'sg-0b2c3d4e5f6071829';
  const vpc = 'vpc-0f1e2d3c4b5a69788';
  const activeUntil = new Date(Date.now() + 45 * 86_400_000).toISOString();
  return [
    // Rule RISKY judged on three days: 50% -> 50% -> 100% compliant.
    evaluation('2026-11-03T09:00:00.000Z', 'e1', sgA, RISKY, 'NON_COMPLIANT'),
    evaluation('2026-11-03T09:00:00.000Z', 'e2', sgB, RISKY, 'COMPLIANT'),
    evaluation('2026-11-07T09:00:00.000Z', 'e3', sgA, RISKY, 'NON_COMPLIANT'),
    evaluation('2026-11-12T09:00:00.000Z', 'e4', sgA, RISKY, 'COMPLIANT'),
    // Rule FLOW judged on two days.
    evaluation('2026-11-03T09:00:00.000Z', 'e5', vpc, FLOW, 'NON_COMPLIANT'),
    evaluation('2026-11-12T09:00:00.000Z', 'e6', vpc, FLOW, 'NON_COMPLIANT'),
    findingRecord('2026-11-03T09:00:00.001Z', 'f1'),
    findingRecord('2026-11-03T09:00:00.002Z', 'f2', {
      ruleId: FLOW,
      resourceId: vpc,
      resourceType: 'AWS::EC2::VPC',
      severity: 'medium',
      message: `VPC has no flow logs; Name tag is ${PAYLOAD}`,
    }),
    decisionRecord('2026-11-12T09:00:01.000Z', 'd1'),
    actionRecord('2026-11-12T09:00:02.000Z', 'a1'),
    { ...findingRecord('2026-11-12T09:00:03.000Z', 'f3'), status: 'resolved' },
    exemptDecision('2026-11-04T10:00:00.000Z', 'x1', sgB, '2026-11-10T00:00:00.000Z', 'alice@acme.example'),
    exemptDecision('2026-11-05T10:00:00.000Z', 'x2', 'sg-0c3d4e5f607182930', activeUntil, 'bob@acme.example'),
    rollbackRecord('2026-11-13T08:00:00.000Z', 'r1', 'a1'),
    errorRecord('2026-11-13T08:30:00.000Z', 'err1'),
    // Outside the period: must not show.
    errorRecord('2026-10-01T00:00:00.000Z', 'err-before'),
  ];
}

describe('netwarden report', () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'netwarden-report-'));
    const history = await openLocalHistory(join(dir, 'state'));
    await history.store.appendAll(seed());
    await history.stop();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a self-contained page that shows an auditor the period, and runs nothing it contains', async () => {
    // Prepare
    const out = join(dir, 'report.html');
    let log = '';

    // Act
    const code = await runCli(
      [
        'report',
        '--out',
        out,
        '--state',
        join(dir, 'state'),
        '--since',
        '2026-11-01',
        '--until',
        '2026-11-15',
        '--title',
        'Acme <prod> audit',
      ],
      { out: (t) => (log += t), err: (t) => (log += t) },
    );
    const text = await readFile(out, 'utf8');
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(pathToFileURL(out).href);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });

    // Assess
    expect(code).toBe(0);
    expect(log).toContain(`Wrote ${out}: 15 history record(s)`);
    expect(text).not.toMatch(/<(script|link|img|iframe|object)\b/i);
    expect(text).toContain('&lt;script&gt;window.__netwardenPwned = 1&lt;/script&gt;');

    expect(await page.title()).toBe('Acme <prod> audit');
    expect(await page.locator('h1').innerText()).toBe('Acme <prod> audit');
    expect(await page.locator('h2').allInnerTexts()).toEqual([
      'Records in the period',
      'Compliance over time per rule (2)',
      'Open findings (1)',
      'Decisions (3)',
      'Remediations (1)',
      'Exemptions (2)',
      'Rollbacks (1)',
      'Errors (1)',
    ]);

    const riskyChart = page.locator(`svg.chart[data-rule="${RISKY}"]`);
    await expect(riskyChart.locator('circle.point').count()).resolves.toBe(3);
    await expect(page.locator(`svg.chart[data-rule="${FLOW}"] circle.point`).count()).resolves.toBe(2);
    expect(await riskyChart.locator('circle.point title').allTextContents()).toEqual([
      '2026-11-03: 1 compliant, 1 non-compliant (50.0%)',
      '2026-11-07: 1 compliant, 1 non-compliant (50.0%)',
      '2026-11-12: 2 compliant, 0 non-compliant (100.0%)',
    ]);
    const [first, last] = [riskyChart.locator('circle.point').first(), riskyChart.locator('circle.point').last()];
    expect(Number(await last.getAttribute('cy'))).toBeLessThan(Number(await first.getAttribute('cy')));

    // The SSH finding was resolved on the 12th; only the flow-log finding is still open.
    const openRows = page.locator('table.findings tbody tr');
    await expect(openRows.count()).resolves.toBe(1);
    expect(await openRows.nth(0).locator('td').allInnerTexts()).toEqual([
      'medium',
      FLOW,
      'vpc-0f1e2d3c4b5a69788',
      `VPC has no flow logs; Name tag is ${PAYLOAD}`,
      'not assessed',
      '2026-11-03 09:00:00Z',
      '2026-11-03 09:00:00Z',
    ]);

    const diffRows = page.locator('article.remediation table.diff tbody tr');
    const cidrRow = diffRows.filter({ hasText: 'IpPermissions[0].IpRanges[0].CidrIp' });
    await expect(cidrRow.count()).resolves.toBe(1);
    expect(await cidrRow.locator('td').allInnerTexts()).toEqual([
      'IpPermissions[0].IpRanges[0].CidrIp',
      '"0.0.0.0/0"',
      '—',
    ]);
    expect(await cidrRow.getAttribute('class')).toBe('removed');
    expect(await diffRows.filter({ hasText: 'IpPermissions[1]' }).count()).toBe(0);
    const rollbackCidr = page.locator('article.rollback table.diff tbody tr', { hasText: 'IpRanges[0].CidrIp' });
    expect(await rollbackCidr.locator('td').allInnerTexts()).toEqual([
      'IpPermissions[0].IpRanges[0].CidrIp',
      '—',
      '"0.0.0.0/0"',
    ]);
    expect(await page.locator('article.rollback').innerText()).toContain(
      'Undoes action a1: bastion maintenance window',
    );

    const exemptionRows = await page.locator('table.exemptions tbody tr').allInnerTexts();
    expect(exemptionRows[0]).toMatch(/alice@acme\.example.*expired \d+ day\(s\) ago/s);
    expect(exemptionRows[1]).toMatch(/bob@acme\.example.*expires in 4[45] day\(s\)/s);

    expect(await page.locator('table.errors').innerText()).toContain('UnauthorizedOperation');
    expect(await page.locator('body').innerText()).not.toContain('err-before');

    expect(
      await page.evaluate(() => (globalThis as unknown as { __netwardenPwned?: number }).__netwardenPwned),
    ).toBeUndefined();
    expect(await page.locator('script, img, [src], [href], [onerror]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('writes an honest empty page for a period without history', async () => {
    // Prepare
    const out = join(dir, 'empty.html');

    // Act
    const code = await runCli(
      ['report', '--out', out, '--state', join(dir, 'state'), '--since', '2025-01-01', '--until', '2025-01-31'],
      {
        out: () => {},
        err: () => {},
      },
    );
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href);

    // Assess
    expect(code).toBe(0);
    expect(await page.locator('#compliance').innerText()).toContain('No evaluations in this period.');
    expect(await page.locator('#open-findings').innerText()).toContain('No open findings at the end of the period.');
    expect(await page.locator('svg').count()).toBe(0);
    await page.close();
  });

  it('refuses an --out it cannot write, with one clear line', async () => {
    // Prepare
    let err = '';

    // Act
    const code = await runCli(['report', '--out', join(dir, 'missing', 'r.html'), '--state', join(dir, 'state')], {
      out: () => {},
      err: (t) => (err += t),
    });

    // Assess
    expect(code).toBe(1);
    expect(err).toMatch(/^netwarden: UsageError: --out .*missing\/r\.html: cannot write the report \(.*ENOENT/);
  });
});
