import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { propsFromContext } from '../lib/context-props';
import { NetWardenStack } from '../lib/netwarden-stack';

const app = new App();
new NetWardenStack(app, 'NetWarden', {
  ...propsFromContext(app.node.tryGetContext('netwarden')),
  description: 'NetWarden: keeps the network of this account and region safe and working',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
