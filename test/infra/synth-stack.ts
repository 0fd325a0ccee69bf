import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { NetWardenStackProps } from '../../lib/netwarden-props';
import { NetWardenStack } from '../../lib/netwarden-stack';

export const EXAMPLE_INTENTS = path.join(__dirname, '..', '..', 'examples', 'acme', 'intents.yaml');

/** A fully configured stack, as a deployment that uses every option would have it. */
export const FULL_PROPS: NetWardenStackProps = {
  env: { account: '111122223333', region: 'eu-west-1' },
  modes: { 'sg-risky-port-open-to-internet': 'auto', 'sg-unattached': 'detect' },
  notificationEmails: ['security@acme.example'],
  intentsFile: EXAMPLE_INTENTS,
  riskyPortOverrides: { add: [{ protocol: 'tcp', port: 9999, service: 'Legacy admin', severity: 'high' }] },
  exemptions: [
    {
      resource: 'sg-0123456789abcdef0',
      rules: ['sg-wide-public-range'],
      owner: 'partners@acme.example',
      reason: 'partner feed',
      expires: '2027-01-31',
    },
  ],
  flowLogGroupNames: ['/acme/vpc-flow-logs/prod', '/acme/vpc-flow-logs/shared'],
  rejectThreshold: 250,
  trustedPrincipals: ['arn:aws:iam::111122223333:role/acme-terraform-deploy'],
  historyRetentionDays: 400,
};

/** Synthesises (and bundles, with local esbuild) one stack; each test file does it once. */
export function synthStack(props: NetWardenStackProps = FULL_PROPS): NetWardenStack {
  const app = new App();
  return new NetWardenStack(app, 'NetWarden', props);
}
