import { parseRuntimeSettings } from '../../../lambdas/usecases/runtime-settings';

describe('parseRuntimeSettings', () => {
  it('reads what the stack writes', () => {
    // Prepare
    const text = JSON.stringify({
      remediation: {
        version: 1,
        modes: { 'sg-risky-port-open-to-internet': 'auto' },
        exemptions: [
          {
            resource: 'sg-0123456789abcdef0',
            rules: ['sg-wide-public-range'],
            owner: 'a@acme.example',
            reason: 'feed',
            expires: '2027-01-31',
          },
        ],
        flowLogs: {
          logGroupName: 'NetWarden-FlowLogs',
          deliverLogsPermissionArn: 'arn:aws:iam::111122223333:role/NetWarden-Delivery',
        },
      },
      rules: {
        riskyPorts: { add: [{ protocol: 'tcp', port: 9999, service: 'Legacy admin', severity: 'high' }], remove: [] },
      },
      trustedPrincipals: ['arn:aws:iam::111122223333:role/acme-terraform-deploy'],
      historyRetentionDays: 400,
    });

    // Act
    const settings = parseRuntimeSettings(text, 'env NETWARDEN_SETTINGS');

    // Assess
    expect(settings.remediation.modes).toEqual({ 'sg-risky-port-open-to-internet': 'auto' });
    expect(settings.remediation.exemptions).toHaveLength(1);
    expect(settings.remediation.flowLogs.logGroupName).toBe('NetWarden-FlowLogs');
    expect(settings.rules.riskyPorts?.add).toHaveLength(1);
    expect(settings.trustedPrincipals).toEqual(['arn:aws:iam::111122223333:role/acme-terraform-deploy']);
    expect(settings.historyRetentionDays).toBe(400);
  });

  it('uses the defaults when there are no settings', () => {
    // Act
    const settings = parseRuntimeSettings(undefined, 'env NETWARDEN_SETTINGS');

    // Assess
    expect(settings.remediation.modes).toEqual({});
    expect(settings.trustedPrincipals).toEqual([]);
  });

  it.each([
    ['{not json', /env NETWARDEN_SETTINGS: not JSON/],
    ['[]', /env NETWARDEN_SETTINGS: \$: expected an object/],
    ['{"trustedPrincipals":"arn"}', /\$\.trustedPrincipals: expected a list of role ARNs/],
    ['{"remediation":{"modes":{"sg-unattached":"fix"}}}', /\$\.modes\.sg-unattached: expected detect, notify or auto/],
  ])('rejects %s, naming the setting', (text, message) => {
    // Act
    const act = () => parseRuntimeSettings(text, 'env NETWARDEN_SETTINGS');

    // Assess
    expect(act).toThrow(message);
  });
});
