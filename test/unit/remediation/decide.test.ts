import type { Finding } from '../../../lambdas/core/findings/finding';
import { parseRemediationConfig, RemediationConfigError } from '../../../lambdas/core/remediation/config';
import { decide } from '../../../lambdas/core/remediation/decide';
import { findExemption, parseExemptionTag } from '../../../lambdas/core/remediation/exemptions';
import { checkFlap, type RemediationEvent } from '../../../lambdas/core/remediation/flap-guard';
import type { Plan } from '../../../lambdas/core/remediation/plan';
import type { Verdict } from '../../../lambdas/core/remediation/verdict';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const GROUP = 'sg-0123456789abcdef0';
const RULE = 'sg-risky-port-open-to-internet';

const finding: Finding = {
  ruleId: RULE,
  resourceId: GROUP,
  resourceType: 'AWS::EC2::SecurityGroup',
  severity: 'critical',
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  source: { cidr: '0.0.0.0/0' },
  direction: 'ingress',
  message: 'SSH open to the internet',
  exposure: {
    reachableFromInternet: true,
    exposedInterfaces: ['eni-0e0e0e0e0e0e0e0e0'],
    evidence: 'internet -> igw -> eni',
  },
};

const plan: Plan = {
  findingKey: 'k',
  ruleId: RULE,
  resourceId: GROUP,
  status: 'ready',
  actions: [
    {
      api: 'RevokeSecurityGroupIngress',
      resourceId: GROUP,
      params: { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] },
      permissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    },
  ],
  summary: 'Revoke only tcp 22 from 0.0.0.0/0',
};

const safe: Verdict = {
  safe: true,
  findingGone: true,
  brokenIntents: [],
  intentsChecked: 3,
  alreadyFailing: [],
  reason: 'finding gone; 3 intents still hold',
};
const unsafe: Verdict = {
  safe: false,
  findingGone: true,
  brokenIntents: [{ name: 'ops-ssh', kind: 'must-work', before: 'reachable', after: 'blocked by sg' }],
  intentsChecked: 3,
  alreadyFailing: [],
  reason: 'would break must-work intent ops-ssh',
};

const config = (doc: unknown = {}) => parseRemediationConfig(doc, 'remediation.yaml');

describe('exemptions', () => {
  it('reads a complete tag and exempts until the end of the expiry day', () => {
    // Act
    const check = parseExemptionTag(
      `rules=${RULE},sg-wide-public-range;owner=alice@example.com;reason=vendor VPN;expires=2026-11-22`,
      GROUP,
      NOW,
    );

    // Assess
    expect(check).toEqual({
      exemption: {
        resourceId: GROUP,
        rules: [RULE, 'sg-wide-public-range'],
        owner: 'alice@example.com',
        reason: 'vendor VPN',
        expiresAt: '2026-11-23T00:00:00.000Z',
        source: 'tag',
        origin: `tag netwarden:exempt on ${GROUP}`,
      },
    });
  });

  it.each([
    ['rules=x;owner=alice;reason=r', /missing expires/],
    ['rules=x;reason=r;expires=2027-01-31', /missing owner/],
    ['rules=x;owner=a;reason=r;expires=2027-02-30', /is not a date/],
    ['rules=x;owner=a;reason=r;expires=2026-11-21', /expired on 2026-11-22T00:00:00.000Z/],
    ['owner=a;reason=r;expires=2027-01-31;until=ever', /"until=ever" is not one of/],
    ['rules=x;rules=y;owner=a;reason=r;expires=2027-01-31', /rules is given twice/],
  ])('fails closed on %s', (value, problem) => {
    // Act
    const check = parseExemptionTag(value, GROUP, NOW);

    // Assess
    expect('problem' in check && check.problem.problem).toMatch(problem);
  });

  it('reports an invalid exemption even when a valid config entry exempts', () => {
    // Act
    const found = findExemption({
      resourceId: GROUP,
      ruleId: RULE,
      tags: { 'netwarden:exempt': 'rules=x' },
      config: config({
        exemptions: [{ resource: GROUP, rules: [RULE], owner: 'bob', reason: 'migration', expires: '2027-01-31' }],
      }).exemptions,
      now: NOW,
    });

    // Assess
    expect(found.exemption?.source).toBe('config');
    expect(found.problems).toHaveLength(1);
  });
});

describe('flap guard', () => {
  const history = (hoursAgo: number[]): RemediationEvent[] =>
    hoursAgo.map((h) => ({
      resourceId: GROUP,
      ruleId: RULE,
      at: new Date(NOW.getTime() - h * 3600_000).toISOString(),
    }));

  it('trips once the limit is reached inside the window and ignores older or other remediations', () => {
    // Prepare
    const settings = { maxRemediations: 3, windowHours: 24 };
    const other: RemediationEvent = { resourceId: 'sg-0fedcba9876543210', ruleId: RULE, at: NOW.toISOString() };

    // Act
    const under = checkFlap([...history([1, 2, 30]), other], GROUP, RULE, NOW, settings);
    const over = checkFlap(history([1, 2, 23]), GROUP, RULE, NOW, settings);

    // Assess
    expect(under).toMatchObject({ tripped: false, count: 2 });
    expect(over).toMatchObject({ tripped: true, count: 3 });
    expect(over.reason).toMatch(/already remediated 3 times in the last 24h/);
  });
});

describe('decide', () => {
  const base = { finding, plan, config: config(), tags: {}, history: [], now: NOW };

  it('remediates by default a critical, internet-reachable finding whose plan is safe', () => {
    // Act
    const decision = decide({ ...base, verdict: safe });

    // Assess
    expect(decision).toMatchObject({ outcome: 'remediate', mode: 'auto', modeSource: 'default' });
    expect(decision.reasons[0]).toMatch(/default mode auto/);
  });

  it('only notifies by default when the finding is not reachable, saying why', () => {
    // Act
    const decision = decide({
      ...base,
      finding: {
        ...finding,
        exposure: { reachableFromInternet: false, exposedInterfaces: [], evidence: 'no route to an internet gateway' },
      },
      verdict: safe,
    });

    // Assess
    expect(decision.outcome).toBe('notify');
    expect(decision.reasons[0]).toBe(
      'default mode notify: not reachable from the internet (no route to an internet gateway)',
    );
  });

  it('escalates an auto rule whose plan would break an intent', () => {
    // Act
    const decision = decide({ ...base, config: config({ modes: { [RULE]: 'auto' } }), verdict: unsafe });

    // Assess
    expect(decision.outcome).toBe('escalate');
    expect(decision.reasons[0]).toBe('plan refused as unsafe: would break must-work intent ops-ssh');
  });

  it('records only in detect mode', () => {
    // Act
    const decision = decide({ ...base, config: config({ modes: { [RULE]: 'detect' } }), verdict: safe });

    // Assess
    expect(decision).toMatchObject({ outcome: 'skip', mode: 'detect', modeSource: 'config' });
  });

  it('exempts with the owner, reason and expiry in the reason', () => {
    // Act
    const decision = decide({
      ...base,
      tags: { 'netwarden:exempt': `rules=${RULE};owner=alice@example.com;reason=vendor VPN;expires=2027-01-31` },
      verdict: safe,
    });

    // Assess
    expect(decision.outcome).toBe('exempt');
    expect(decision.reasons[0]).toMatch(/owner alice@example.com, reason "vendor VPN", until 2027-02-01T00:00:00.000Z/);
  });

  it('does not let an expired exemption stop a remediation, and reports it', () => {
    // Act
    const decision = decide({
      ...base,
      tags: { 'netwarden:exempt': `rules=${RULE};owner=alice@example.com;reason=vendor VPN;expires=2026-01-31` },
      verdict: safe,
    });

    // Assess
    expect(decision.outcome).toBe('remediate');
    expect(decision.exemptionProblems[0]?.problem).toMatch(/expired/);
    expect(decision.reasons.at(-1)).toMatch(
      /^ignored exemption \(tag netwarden:exempt on sg-0123456789abcdef0\): expired/,
    );
  });

  it('stops and escalates when the flap guard trips', () => {
    // Prepare
    const history = [1, 2, 3].map((h) => ({
      resourceId: GROUP,
      ruleId: RULE,
      at: new Date(NOW.getTime() - h * 3600_000).toISOString(),
    }));

    // Act
    const decision = decide({ ...base, history, verdict: safe });

    // Assess
    expect(decision.outcome).toBe('escalate');
    expect(decision.flap?.tripped).toBe(true);
  });
});

describe('parseRemediationConfig', () => {
  it.each([
    [
      { modes: { [RULE]: 'fix' } },
      /remediation.yaml: \$.modes.sg-risky-port-open-to-internet: expected detect, notify or auto/,
    ],
    [{ flapGuard: { maxRemediations: 0 } }, /\$.flapGuard.maxRemediations: expected a whole number of at least 1/],
    [
      { narrowing: [{ cidrs: ['10.0.0.0/8'], ports: ['22-20'] }] },
      /\$.narrowing\[0\].ports\[0\]: expected a port 0-65535/,
    ],
    [
      { flowLogs: { deliverLogsPermissionArn: 'flow-logs-role' } },
      /\$.flowLogs.deliverLogsPermissionArn: expected an IAM role ARN/,
    ],
    [{ mode: {} }, /\$.mode: expected one of version, modes/],
  ])('names the file and JSON path of a bad value (%j)', (doc, message) => {
    // Act
    const parsing = () => parseRemediationConfig(doc, 'remediation.yaml');

    // Assess
    expect(parsing).toThrow(RemediationConfigError);
    expect(parsing).toThrow(message);
  });
});
