import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTable } from '../../../lambdas/cli/format/table';
import type { Finding, FindingSource } from '../../../lambdas/core/findings/finding';
import { run } from './cli-io';

interface ScanJson {
  findings: Finding[];
  summary: { total: number; bySeverity: Record<string, number>; failed: boolean; inputErrors: number; origin: string };
  diagnostics: { level: string; source: string; path: string; message: string }[];
}

let example: ScanJson;
let tmp: string;

beforeAll(async () => {
  example = JSON.parse((await run(['scan', '--format', 'json'])).out) as ScanJson;
  tmp = await mkdtemp(join(tmpdir(), 'netwarden-scan-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const of = (ruleId: string, resourceId: string) =>
  example.findings.filter((f) => f.ruleId === ruleId && f.resourceId === resourceId);

describe('netwarden scan on the example account (planted traps of examples/acme/README.md)', () => {
  it.each<[string, string, string, FindingSource[], string[]]>([
    [
      'S1',
      'sg-risky-port-open-to-internet',
      'sg-0009b4e713a5634dd',
      [{ cidr: '0.0.0.0/0' }],
      ['sgr-08c25c2670c0fe6e8'],
    ],
    ['S3', 'sg-risky-port-open-to-internet', 'sg-0e3dfe5c8651711dd', [{ cidrIpv6: '::/0' }], ['sgr-09c8c96fff28ee63f']],
    [
      'S4',
      'sg-risky-port-open-to-internet',
      'sg-087c5bae45fbba824',
      [{ cidr: '0.0.0.0/1' }, { cidr: '128.0.0.0/1' }],
      ['sgr-06e88c111ff63d050', 'sgr-02c654aa23f8929e0'],
    ],
    [
      'S5',
      'sg-risky-port-open-to-internet',
      'sg-0e21b4364f53b1b76',
      [{ prefixListId: 'pl-09e4f6d1f06dfdd7c' }],
      ['sgr-08fcbd3613e5e0038'],
    ],
    [
      'S6',
      'sg-risky-port-open-to-internet',
      'sg-0d7267251fa05346d',
      [{ cidr: '0.0.0.0/0' }],
      ['sgr-0bee76d435b3c5538'],
    ],
    [
      'S8',
      'sg-all-traffic-open-to-internet',
      'sg-0a99fb3f9fb2526d8',
      [{ cidr: '0.0.0.0/0' }],
      ['sgr-0629b0c9ce9366e2a'],
    ],
    ['S9', 'sg-wide-public-range', 'sg-06ab72cce15af20e3', [{ cidr: '52.0.0.0/8' }], ['sgr-09f847f7ab15881b9']],
    [
      'S10',
      'sg-default-group-has-rules',
      'sg-03aa85cca0b1ce075',
      [{ groupId: 'sg-03aa85cca0b1ce075', userId: '111122223333' }, { cidr: '0.0.0.0/0' }],
      ['sgr-030be4c2559acd3f0', 'sgr-078948480bb3e9b83'],
    ],
    [
      'S11',
      'sg-risky-port-open-to-internet',
      'sg-03578bc108e1d7703',
      [{ cidr: '0.0.0.0/0' }],
      ['sgr-00ed5c9ff86b79e77'],
    ],
    [
      'S12',
      'sg-risky-port-open-to-internet',
      'sg-033588e92d0a6c0c5',
      [{ cidr: '0.0.0.0/0' }],
      ['sgr-072d00a15548300cf'],
    ],
    [
      'S13',
      'sg-risky-port-open-to-internet',
      'sg-005e651e88e42bb5d',
      [{ cidr: '0.0.0.0/0' }],
      ['sgr-0c0c21e444bbf32cc'],
    ],
  ])('%s: %s on %s names exactly the offending sources', (_trap, ruleId, groupId, sources, ruleIds) => {
    // Prepare
    const findings = of(ruleId, groupId);
    // Act
    const named = findings.map((f) => f.source);
    // Assess
    expect(named).toEqual(expect.arrayContaining(sources));
    expect(named).toHaveLength(sources.length);
    expect(findings.map((f) => f.securityGroupRuleId).sort()).toEqual([...ruleIds].sort());
  });

  it('S2, S7, S14: legitimate sources sharing a permission with an offender are never named', () => {
    // Prepare
    const legitimate = [
      { prefixListId: 'pl-0b9892bf8c9ef3146' },
      { cidr: '10.30.0.0/16' },
      { groupId: 'sg-085736b9e98a48025' },
      { groupId: 'sg-005e651e88e42bb5d' },
    ];
    // Act
    const named = example.findings.filter((f) => f.resourceType === 'AWS::EC2::SecurityGroup').map((f) => f.source);
    // Assess
    for (const source of legitimate) expect(named).not.toContainEqual(expect.objectContaining(source));
  });

  it('S11: the unattached open group gets sg-unattached and its other finding is lowered to info', () => {
    // Prepare
    const unattached = of('sg-unattached', 'sg-03578bc108e1d7703');
    // Act
    const risky = of('sg-risky-port-open-to-internet', 'sg-03578bc108e1d7703');
    // Assess
    expect(unattached).toEqual([expect.objectContaining({ severity: 'info' })]);
    // The rules lower it to low; the reachability verdict (attached to nothing) makes it info.
    expect(risky[0]?.severity).toBe('info');
    expect(risky[0]?.exposure).toEqual(expect.objectContaining({ reachableFromInternet: false }));
    expect(risky[0]?.message).toContain('attached to no network interface');
  });

  it('the empty, unattached production and shared-services default groups get no finding from any rule', () => {
    // Prepare
    const quiet = ['sg-088dcf2d2898a52ca', 'sg-028f4159d918f8f21'];
    // Act
    const findings = example.findings.filter((f) => quiet.includes(f.resourceId));
    // Assess
    expect(findings).toEqual([]);
  });

  it('N1/N2/N3: admin-port NACL findings name the admitting entries, not the shadowed ones', () => {
    // Prepare
    const rule = 'nacl-admin-port-open-to-internet';
    // Act
    const entries = (acl: string) =>
      of(rule, acl)
        .map((f) => f.aclEntry?.ruleNumber ?? 0)
        .sort((a, b) => a - b);
    // Assess
    expect(entries('acl-015732295ad699467')).toEqual([120, 130, 131]);
    expect(entries('acl-05cd33a74f8f92938')).toEqual([100, 101]);
    expect(entries('acl-08c2e398cfb08f1f9')).toEqual([100]);
    expect(entries('acl-0588a5726508d60a8')).toEqual([100]);
    expect(entries('acl-0ad70d118b9ceeff2')).toEqual([]);
  });

  it('F1/F2/P1: flow logs and auto-assigned public addresses', () => {
    // Prepare
    const flowLogs = example.findings.filter((f) => f.ruleId === 'vpc-flow-logs-missing').map((f) => f.resourceId);
    // Act
    const autoAssign = example.findings
      .filter((f) => f.ruleId === 'subnet-auto-assign-public-ip')
      .map((f) => f.resourceId);
    // Assess
    expect(flowLogs.sort()).toEqual(['vpc-008982cdd5495994b', 'vpc-032a799282ffebf17']);
    expect(autoAssign).toEqual(['subnet-0df0c27f693007f70']);
  });
});

describe('netwarden scan output', () => {
  it('prints the JSON contract: findings in contract order, a summary and the diagnostics', async () => {
    // Prepare
    const args = ['scan', '--format', 'json'];
    // Act
    const { code, out } = await run(args);
    const doc = JSON.parse(out) as Record<string, unknown>;
    // Assess
    expect(code).toBe(0);
    expect(Object.keys(doc)).toEqual(['findings', 'summary', 'diagnostics']);
    const first = (doc.findings as Record<string, unknown>[])[0]!;
    expect(Object.keys(first).slice(0, 9)).toEqual([
      'ruleId',
      'resourceId',
      'resourceType',
      'severity',
      'protocol',
      'fromPort',
      'toPort',
      'source',
      'message',
    ]);
    expect(first).toMatchObject({
      ruleId: 'sg-all-traffic-open-to-internet',
      severity: 'critical',
      protocol: 'all',
      fromPort: null,
      toPort: null,
      source: { cidr: '0.0.0.0/0' },
    });
    const vpc = (doc.findings as Record<string, unknown>[]).find((f) => f.ruleId === 'vpc-flow-logs-missing');
    expect(vpc).toMatchObject({ protocol: null, fromPort: null, toPort: null, source: null });
    expect(example.summary).toMatchObject({ origin: 'example:acme', total: example.findings.length, failed: false });
    expect(Array.isArray(doc.diagnostics)).toBe(true);
  });

  it('groups the table by severity, worst first', async () => {
    // Prepare
    const args = ['scan'];
    // Act
    const { code, out } = await run(args);
    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(/^Scanned example:acme: \d+ finding\(s\)/);
    expect(out.indexOf('CRITICAL (')).toBeLessThan(out.indexOf('HIGH ('));
    expect(out.indexOf('HIGH (')).toBeLessThan(out.indexOf('MEDIUM ('));
    expect(out).toContain('RULE');
    expect(out).toContain('sg-0009b4e713a5634dd');
  });
});

describe('netwarden scan exit codes', () => {
  it('exits 2 when a finding at or above --fail-on exists, 0 otherwise', async () => {
    // Prepare
    const quiet = join(tmp, 'quiet.json');
    await writeFile(
      quiet,
      JSON.stringify({
        Vpcs: [{ VpcId: 'vpc-0aaaaaaaaaaaaaaa1', CidrBlock: '10.0.0.0/16' }],
        Subnets: [
          {
            SubnetId: 'subnet-0aaaaaaaaaaaaaaa1',
            VpcId: 'vpc-0aaaaaaaaaaaaaaa1',
            CidrBlock: '10.0.1.0/24',
            MapPublicIpOnLaunch: true,
          },
        ],
        FlowLogs: [
          {
            FlowLogId: 'fl-0aaaaaaaaaaaaaaa1',
            ResourceId: 'vpc-0aaaaaaaaaaaaaaa1',
            TrafficType: 'ALL',
            FlowLogStatus: 'ACTIVE',
          },
        ],
      }),
    );
    // Act
    const critical = await run(['scan', '--fail-on', 'critical']);
    const mediumOnly = await run(['scan', '--snapshot', quiet, '--fail-on', 'high']);
    const atMedium = await run(['scan', '--snapshot', quiet, '--fail-on', 'medium', '--format', 'json']);
    // Assess
    expect(critical.code).toBe(2);
    expect(critical.out).toContain('Findings at or above critical: exit code 2');
    expect(mediumOnly.code).toBe(0);
    expect(atMedium.code).toBe(2);
    expect(JSON.parse(atMedium.out).summary).toMatchObject({ failOn: 'medium', failed: true, total: 1 });
  });

  it.each([
    [['scan', '--fail-on', 'severe'], '--fail-on "severe": expected one of critical, high, medium, low, info'],
    [['scan', '--format', 'xml'], '--format "xml": expected one of table, json'],
    [['scan', '--snapshot', '/nonexistent/netwarden-snapshot'], '/nonexistent/netwarden-snapshot'],
    [['scan', '--rules-config', '/nonexistent/rules.yaml'], '--rules-config /nonexistent/rules.yaml: cannot read it'],
  ])('exits 1 with one clear line for %j', async (args, message) => {
    // Prepare
    // Act
    const { code, out, err } = await run(args);
    // Assess
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(message);
  });

  it('reports input problems on stderr, scans what it could, and exits 1 on them only with --strict', async () => {
    // Prepare
    const broken = join(tmp, 'broken.json');
    await writeFile(
      broken,
      JSON.stringify({
        SecurityGroups: [
          {
            GroupId: 'sg-0aaaaaaaaaaaaaaa1',
            GroupName: 'open',
            VpcId: 'vpc-0aaaaaaaaaaaaaaa1',
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          },
          { GroupName: 'no id' },
        ],
      }),
    );
    // Act
    const lenient = await run(['scan', '--snapshot', broken, '--format', 'json']);
    const strict = await run(['scan', '--snapshot', broken, '--strict']);
    // Assess
    const doc = JSON.parse(lenient.out) as ScanJson;
    expect(lenient.code).toBe(0);
    expect(lenient.err).toMatch(/^error: .*broken\.json: \$\.SecurityGroups\[1\]/m);
    expect(doc.summary.inputErrors).toBeGreaterThan(0);
    expect(doc.findings.map((f) => f.resourceId)).toContain('sg-0aaaaaaaaaaaaaaa1');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('sg-0aaaaaaaaaaaaaaa1');
  });
});

describe('netwarden scan --rules-config', () => {
  it('applies a YAML rules config', async () => {
    // Prepare
    const file = join(tmp, 'rules.yaml');
    await writeFile(
      file,
      [
        'disabledRules: [nacl-admin-port-open-to-internet, vpc-flow-logs-missing]',
        'widePublicRange:',
        '  authorizedTcpPorts: [80, 443]',
        'riskyPorts:',
        '  remove: [{ protocol: tcp, port: 22 }]',
        '',
      ].join('\n'),
    );
    // Act
    const { code, out } = await run(['scan', '--rules-config', file, '--format', 'json']);
    const findings = (JSON.parse(out) as ScanJson).findings;
    // Assess
    expect(code).toBe(0);
    expect(findings.some((f) => f.ruleId === 'nacl-admin-port-open-to-internet')).toBe(false);
    expect(findings.some((f) => f.resourceId === 'sg-0143991342248df5c')).toBe(false);
    expect(findings.filter((f) => f.resourceId === 'sg-0009b4e713a5634dd').map((f) => f.ruleId)).toEqual([
      'sg-wide-public-range',
    ]);
  });

  it('rejects a bad rules config naming the file and the JSON path', async () => {
    // Prepare
    const file = join(tmp, 'bad-rules.json');
    await writeFile(file, JSON.stringify({ naclAdminPorts: [22, 'ssh'] }));
    // Act
    const { code, err } = await run(['scan', '--rules-config', file]);
    // Assess
    expect(code).toBe(1);
    expect(err).toContain(`${file}: $.naclAdminPorts[1]: expected an integer 0-65535, got "ssh"`);
  });

  it('explains inputs, defaults, the rules and the exit codes in --help', async () => {
    // Prepare
    // Act
    const { code, out } = await run(['scan', '--help']);
    // Assess
    expect(code).toBe(0);
    for (const text of [
      '--snapshot',
      '--fail-on',
      '--rules-config',
      '--strict',
      'Exit codes',
      'sg-wide-public-range',
    ]) {
      expect(out).toContain(text);
    }
  });
});

describe('renderTable (shared by every command)', () => {
  it('aligns columns, right-aligns numbers, clips long cells and leaves the last column unpadded', () => {
    // Prepare
    const rows = [
      { name: 'sg-0a', count: 3, note: 'short' },
      { name: 'sg-0bbbbbbbbbbbbbbbbbbbbbb', count: 12, note: 'a much longer note\nover two lines' },
    ];
    // Act
    const text = renderTable(
      rows,
      [
        { header: 'GROUP', value: (r) => r.name, maxWidth: 10 },
        { header: 'N', value: (r) => String(r.count), align: 'right' },
        { header: 'NOTE', value: (r) => r.note },
      ],
      { indent: '  ' },
    );
    // Assess
    expect(text).toBe(
      [
        '  GROUP        N  NOTE',
        '  sg-0a        3  short',
        '  sg-0bbbbb…  12  a much longer note over two lines',
        '',
      ].join('\n'),
    );
  });

  it('renders nothing for no rows', () => {
    // Prepare
    // Act
    const text = renderTable([], [{ header: 'X', value: (r: string) => r }]);
    // Assess
    expect(text).toBe('');
  });
});

describe('netwarden scan: exposure verdict and history', () => {
  it('keeps an internet-reachable finding critical with the ENIs reached, and lowers a blocked one with its blocker', () => {
    // Prepare
    const bastion = of('sg-risky-port-open-to-internet', 'sg-0009b4e713a5634dd')[0];
    const search = of('sg-risky-port-open-to-internet', 'sg-033588e92d0a6c0c5')[0];

    // Act: (the scan ran in beforeAll)

    // Assess
    expect(bastion?.severity).toBe('critical');
    expect(bastion?.exposure?.reachableFromInternet).toBe(true);
    expect(bastion?.exposure?.exposedInterfaces.length).toBeGreaterThan(0);
    expect(search?.severity).toBe('high');
    expect(search?.exposure).toEqual(
      expect.objectContaining({ reachableFromInternet: false, blockerCode: expect.stringMatching(/^[A-Z_]+$/) }),
    );
  });

  it('--no-exposure leaves the rules severities and adds no verdict', async () => {
    // Act
    const plain = JSON.parse((await run(['scan', '--format', 'json', '--no-exposure'])).out) as ScanJson;

    // Assess
    expect(plain.findings.every((f) => f.exposure === undefined)).toBe(true);
    expect(plain.findings.find((f) => f.resourceId === 'sg-033588e92d0a6c0c5')?.severity).toBe('critical');
  });

  it('--record appends the scan to the local history, which `history` then shows', async () => {
    // Prepare
    const state = join(tmp, 'state');

    // Act
    const scan = await run(['scan', '--record', '--state', state, '--format', 'json']);
    const history = await run([
      'history',
      '--rule',
      'sg-risky-port-open-to-internet',
      '--state',
      state,
      '--format',
      'json',
    ]);

    // Assess
    expect(scan.code).toBe(0);
    expect(scan.err).toMatch(/Recorded scan scan-[0-9a-f-]+ in .*: \d+ evaluation\(s\), \d+ open/);
    const records = JSON.parse(history.out) as
      | { kind: string; resourceId: string }[]
      | { records: { kind: string; resourceId: string }[] };
    const list = Array.isArray(records) ? records : records.records;
    expect(list.some((r) => r.kind === 'finding' && r.resourceId === 'sg-0009b4e713a5634dd')).toBe(true);
  });
});
