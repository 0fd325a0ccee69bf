import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { NETWORK_EVENT_NAMES } from '../../lambdas/events/network-event-names';
import { DESCRIBE_ACTIONS, REMEDIATION_ACTIONS } from '../../lib/constructs/network-permissions';
import { EXAMPLE_INTENTS, synthStack } from './synth-stack';

type Json = Record<string, unknown>;
interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
  Sid?: string;
}

let template: Template;
let outdir: string;

beforeAll(() => {
  const stack = synthStack();
  template = Template.fromStack(stack);
  outdir = (stack.node.root as App).outdir;
});

function resources(type: string): Json[] {
  return Object.values(template.findResources(type)) as Json[];
}

function properties(type: string): Json[] {
  return resources(type).map((r) => r.Properties as Json);
}

function statements(): Statement[] {
  return properties('AWS::IAM::Policy').flatMap((p) => (p.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actionsOf(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

describe('NetWardenStack functions', () => {
  it('runs five functions, all on nodejs22.x, each with its own log group and DLQ destination', () => {
    // Assess
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs22.x' }, 5);
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { LoggingConfig: { LogGroup: Match.anyValue() }, Handler: 'index.handler' },
      5,
    );
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventInvokeConfig',
      {
        MaximumRetryAttempts: 2,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
        },
      },
      5,
    );
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 6);
  });

  it('bundles each handler with local esbuild, and the intents next to the three that check them', () => {
    // Act
    const bundles = Object.entries(template.findResources('AWS::Lambda::Function')).map(([id, r]) => ({
      id,
      // The code's S3 key is the asset hash; the assembly stages the bundle as asset.<hash>.
      dir: path.join(outdir, `asset.${String(((r.Properties as Json).Code as Json).S3Key).replace(/\.zip$/, '')}`),
    }));

    // Assess
    for (const b of bundles) expect(existsSync(path.join(b.dir, 'index.js'))).toBe(true);
    const withIntents = bundles.filter((b) => existsSync(path.join(b.dir, 'intents.yaml')));
    expect(withIntents.map((b) => b.id.replace(/Function[0-9A-F]+$/, '')).sort()).toEqual([
      'AlarmResponder',
      'ChangeResponder',
      'ScheduledAssurance',
    ]);
    for (const b of withIntents) {
      expect(readFileSync(path.join(b.dir, 'intents.yaml'), 'utf8')).toBe(readFileSync(EXAMPLE_INTENTS, 'utf8'));
    }
  });

  it('names no physical resource', () => {
    // Assess
    for (const [type, key] of [
      ['AWS::Lambda::Function', 'FunctionName'],
      ['AWS::DynamoDB::Table', 'TableName'],
      ['AWS::SNS::Topic', 'TopicName'],
      ['AWS::SQS::Queue', 'QueueName'],
      ['AWS::IAM::Role', 'RoleName'],
      ['AWS::Config::ConfigRule', 'ConfigRuleName'],
      ['AWS::S3::Bucket', 'BucketName'],
    ] as const) {
      for (const p of properties(type)) expect(p[key]).toBeUndefined();
    }
  });

  it('tells the change responder its own role and the idempotency table', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          NETWARDEN_OWN_ROLE_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('ChangeResponderRole'), 'Arn'] },
          NETWARDEN_IDEMPOTENCY_TABLE: { Ref: Match.stringLikeRegexp('IdempotencyTable') },
          NETWARDEN_INTENTS_FILE: 'intents.yaml',
        }),
      },
    });
  });
});

describe('NetWardenStack triggers', () => {
  it('matches the network-changing CloudTrail calls of EC2', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ec2'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['ec2.amazonaws.com'], eventName: [...NETWORK_EVENT_NAMES] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ChangeResponder'), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ChangeResponderDeadLetterQueue'), 'Arn'] },
          },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
  });

  it('answers its own alarms entering ALARM', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        resources: [
          { 'Fn::GetAtt': [Match.stringLikeRegexp('IntentViolationsAlarm'), 'Arn'] },
          { 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogRejectsAlarm'), 'Arn'] },
        ],
        detail: { state: { value: ['ALARM'] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmResponder'), 'Arn'] } })],
    });
  });

  it('runs the assurance every six hours by default', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(6 hours)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduledAssurance'), 'Arn'] } })],
    });
  });

  it('has a change-triggered rule on the five network types and a periodic rule, both custom Lambda', () => {
    // Assess
    template.resourceCountIs('AWS::Config::ConfigRule', 2);
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Scope: {
        ComplianceResourceTypes: [
          'AWS::EC2::SecurityGroup',
          'AWS::EC2::NetworkAcl',
          'AWS::EC2::RouteTable',
          'AWS::EC2::Subnet',
          'AWS::EC2::VPC',
        ],
      },
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceDetails: [
          { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
          { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
        ],
        SourceIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('ConfigRuleEvaluator'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification' }],
      },
    });
  });

  it('lets only AWS Config of this account invoke the evaluator', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'config.amazonaws.com',
      SourceAccount: '111122223333',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('ConfigRuleEvaluator'), 'Arn'] },
    });
  });

  it('counts REJECT records on every flow-log group and alarms above the threshold', () => {
    // Assess
    template.resourcePropertiesCountIs(
      'AWS::Logs::MetricFilter',
      {
        FilterPattern: Match.stringLikeRegexp('action = "?REJECT'),
        MetricTransformations: [
          Match.objectLike({ MetricNamespace: 'NetWarden', MetricName: 'FlowLogRejects', MetricValue: '1' }),
        ],
      },
      2,
    );
    template.hasResourceProperties('AWS::Logs::MetricFilter', { LogGroupName: '/acme/vpc-flow-logs/prod' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'FlowLogRejects',
      Namespace: 'NetWarden',
      Statistic: 'Sum',
      Threshold: 250,
      Period: 300,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IntentViolations',
      Namespace: 'NetWarden',
      Dimensions: [{ Name: 'service', Value: 'netwarden' }],
      Threshold: 1,
    });
  });

  it('alarms on every function error and every dead letter, to the topic', () => {
    // Assess
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: 'Errors', Namespace: 'AWS/Lambda', AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }] },
      5,
    );
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 1 },
      5,
    );
  });
});

describe('NetWardenStack data at rest', () => {
  it('encrypts the topic, the queues and the tables with the stack key', () => {
    // Assess
    const key = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] };
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: key });
    template.resourcePropertiesCountIs('AWS::SQS::Queue', { KmsMasterKeyId: key }, 5);
    template.resourcePropertiesCountIs(
      'AWS::DynamoDB::Table',
      {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
      2,
    );
  });

  it('creates the history table with the keys and indexes the history store uses', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'gsi2',
          KeySchema: [
            { AttributeName: 'gsi2pk', KeyType: 'HASH' },
            { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
          ],
        }),
      ],
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('subscribes the e-mail addresses to the topic', () => {
    // Assess
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@acme.example' });
  });
});

describe('NetWardenStack permissions', () => {
  it('grants no wildcard action and attaches no managed policy', () => {
    // Act
    const wildcards = statements()
      .flatMap(actionsOf)
      .filter((a) => a.includes('*'));

    // Assess
    expect(statements().length).toBeGreaterThan(0);
    expect(wildcards).toEqual([]);
    for (const role of properties('AWS::IAM::Role')) expect(role.ManagedPolicyArns).toBeUndefined();
  });

  it('lists the read-only describe calls explicitly, on * only', () => {
    // Act
    const describe = statements().filter((s) => s.Sid === 'DescribeNetwork');

    // Assess
    expect(describe).toHaveLength(4);
    for (const s of describe) {
      expect(actionsOf(s).sort()).toEqual([...DESCRIBE_ACTIONS].sort());
      expect(s.Resource).toBe('*');
    }
  });

  it('scopes every write to this account and region and denies it on protected resources', () => {
    // Prepare
    const writeActions = [...new Set(Object.values(REMEDIATION_ACTIONS).flat())].sort();
    const inAccount = /^arn:<partition>:ec2:eu-west-1:111122223333:[a-z-]+\/\*$/;

    // Act
    const allow = statements().filter((s) => s.Sid === 'ApplyRemediation');
    const deny = statements().filter((s) => s.Sid === 'NeverTouchProtected');

    // Assess
    expect(allow).toHaveLength(1);
    expect(deny).toHaveLength(1);
    expect(actionsOf(allow[0] as Statement).sort()).toEqual(writeActions);
    expect(actionsOf(deny[0] as Statement).sort()).toEqual(writeActions);
    for (const s of [...allow, ...deny]) {
      for (const r of s.Resource as { 'Fn::Join': [string, unknown[]] }[]) {
        const arn = r['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<partition>')).join('');
        expect(arn).toMatch(inAccount);
      }
    }
    expect(deny[0]).toMatchObject({
      Effect: 'Deny',
      Condition: { Null: { 'aws:ResourceTag/netwarden:protected': 'false' } },
    });
    const writers = statements().filter(
      (s) => s.Effect === 'Allow' && actionsOf(s).some((a) => writeActions.includes(a)),
    );
    expect(writers).toEqual(allow);
  });

  it('gives the evaluator the Config calls it makes and nothing of config:Put* beyond PutEvaluations', () => {
    // Act
    const configActions = statements()
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('config:'));

    // Assess
    expect(configActions.sort()).toEqual([
      'config:GetComplianceDetailsByConfigRule',
      'config:GetResourceConfigHistory',
      'config:PutEvaluations',
    ]);
  });
});
