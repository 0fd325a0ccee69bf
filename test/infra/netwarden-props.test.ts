import { RULE_ID_LIST } from '../../lambdas/core/rules/index';
import { propsFromContext } from '../../lib/context-props';
import { KNOWN_RULE_IDS, type NetWardenStackProps, resolveNetWardenProps } from '../../lib/netwarden-props';
import { EXAMPLE_INTENTS } from './synth-stack';

describe('resolveNetWardenProps', () => {
  it('applies the documented defaults', () => {
    // Act
    const resolved = resolveNetWardenProps({});

    // Assess
    expect(resolved).toMatchObject({
      modes: {},
      notificationEmails: [],
      intentsYaml: undefined,
      flowLogGroupNames: [],
      rejectThreshold: 100,
      trustedPrincipals: [],
      logRetention: 365,
      historyExportRetention: { mode: 'COMPLIANCE', days: 365 },
    });
    expect(resolved.schedule.expressionString).toBe('rate(6 hours)');
  });

  it('reads the intents file at synth time', () => {
    // Act
    const resolved = resolveNetWardenProps({ intentsFile: EXAMPLE_INTENTS });

    // Assess
    expect(resolved.intentsYaml).toContain('internet-to-prod-alb-https');
  });

  it.each<[string, NetWardenStackProps, RegExp]>([
    ['an unknown rule id', { modes: { 'sg-open': 'auto' } }, /modes\.sg-open: unknown rule id; known: sg-risky-port/],
    [
      'an unknown mode',
      { modes: { 'sg-unattached': 'fix' as 'auto' } },
      /modes\.sg-unattached: expected detect, notify or auto/,
    ],
    [
      'a bad e-mail',
      { notificationEmails: ['security'] },
      /notificationEmails\[0\]: "security" is not an e-mail address/,
    ],
    [
      'both intents forms',
      { intents: 'version: 1', intentsFile: EXAMPLE_INTENTS },
      /intents \/ intentsFile: give the intents as text or as a file, not both/,
    ],
    [
      'a missing intents file',
      { intentsFile: '/nowhere/intents.yaml' },
      /intentsFile: no file at \/nowhere\/intents\.yaml/,
    ],
    ['empty intents', { intents: '  ' }, /intents: is empty/],
    [
      'a port out of range',
      { riskyPortOverrides: { add: [{ protocol: 'tcp', port: 70000, service: 'x', severity: 'high' }] } },
      /riskyPortOverrides\.add\[0\]\.port: expected a port 0-65535, got 70000/,
    ],
    [
      'a bad log group',
      { flowLogGroupNames: ['flow logs!'] },
      /flowLogGroupNames\[0\]: "flow logs!" is not a CloudWatch Logs group name/,
    ],
    [
      'a zero threshold',
      { rejectThreshold: 0 },
      /rejectThreshold: expected a whole number of REJECT records >= 1, got 0/,
    ],
    [
      'a user as trusted principal',
      { trustedPrincipals: ['arn:aws:iam::111122223333:user/bob'] },
      /trustedPrincipals\[0\]: expected an IAM role ARN/,
    ],
    [
      'an exemption without owner',
      {
        exemptions: [
          {
            resource: 'sg-0123456789abcdef0',
            rules: ['sg-unattached'],
            owner: ' ',
            reason: 'r',
            expires: '2027-01-01',
          },
        ],
      },
      /exemptions\[0\]\.owner: name who answers/,
    ],
    ['a fractional retention', { historyRetentionDays: 1.5 }, /historyRetentionDays: expected a whole number of days/],
    [
      'an unknown Object Lock mode',
      { historyExportRetention: { mode: 'LEGAL_HOLD' as 'COMPLIANCE', days: 30 } },
      /historyExportRetention\.mode: expected COMPLIANCE or GOVERNANCE, got "LEGAL_HOLD"/,
    ],
    [
      'an export retention of zero days',
      { historyExportRetention: { mode: 'GOVERNANCE', days: 0 } },
      /historyExportRetention\.days: expected a whole number of days >= 1, got 0/,
    ],
    [
      'a fractional export retention',
      { historyExportRetention: { mode: 'COMPLIANCE', days: 30.5 } },
      /historyExportRetention\.days: expected a whole number of days >= 1, got 30\.5/,
    ],
  ])('rejects %s, saying what to change', (_what, props, message) => {
    // Act
    const act = () => resolveNetWardenProps(props);

    // Assess
    expect(act).toThrow(message);
    expect(act).toThrow(/^NetWardenStack props: /);
  });

  it('knows exactly the engine rule ids', () => {
    // Assess
    expect([...KNOWN_RULE_IDS].sort()).toEqual([...RULE_ID_LIST].sort());
  });
});

describe('propsFromContext', () => {
  it('turns the cdk.json context object into props', () => {
    // Act
    const props = propsFromContext({
      modes: { 'sg-unattached': 'detect' },
      schedule: 'rate(1 hour)',
      configRuleFrequency: 'Six_Hours',
      flowLogGroupNames: ['/vpc/flow'],
      logRetentionDays: 90,
      historyExportRetention: { mode: 'GOVERNANCE', days: 30 },
    });

    // Assess
    expect(props.modes).toEqual({ 'sg-unattached': 'detect' });
    expect(props.schedule?.expressionString).toBe('rate(1 hour)');
    expect(props.configRuleFrequency).toBe('Six_Hours');
    expect(props.logRetention).toBe(90);
    expect(resolveNetWardenProps(props).historyExportRetention).toEqual({ mode: 'GOVERNANCE', days: 30 });
  });

  it('rejects an unknown setting and a wrong type', () => {
    // Act
    const unknown = () => propsFromContext({ mode: {} });
    const wrongType = () => propsFromContext({ flowLogGroupNames: '/vpc/flow' });
    const wrongRetention = () => propsFromContext({ historyExportRetention: 365 });

    // Assess
    expect(unknown).toThrow(/context netwarden\.mode: unknown setting; known: modes,/);
    expect(wrongType).toThrow(/context netwarden\.flowLogGroupNames: expected a list of strings/);
    expect(wrongRetention).toThrow(/context netwarden\.historyExportRetention: expected an object/);
  });
});
