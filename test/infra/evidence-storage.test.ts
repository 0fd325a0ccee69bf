import { Match, Template } from 'aws-cdk-lib/assertions';
import { FULL_PROPS, synthStack } from './synth-stack';

type Json = Record<string, unknown>;
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

let template: Template;

beforeAll(() => {
  template = Template.fromStack(synthStack());
});

/** The logical id of the one resource of a type whose id starts with a construct path. */
function logicalId(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** Every statement of the policies attached to the role of one function. */
function roleStatements(functionId: string): Statement[] {
  const role = logicalId('AWS::IAM::Role', `${functionId}Role`);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .map((r) => r.Properties as Json)
    .filter((p) => JSON.stringify(p.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((p) => (p.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The environment variables of the function whose id starts with `<functionId>Function`. */
function variablesOf(functionId: string): Json {
  const fn =
    template.findResources('AWS::Lambda::Function')[logicalId('AWS::Lambda::Function', `${functionId}Function`)];
  if (fn === undefined) throw new Error(`no function ${functionId}`);
  return ((fn.Properties as Json).Environment as { Variables: Json }).Variables;
}

function actionsOf(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

/** `{ Fn::Join: ['', [{ Fn::GetAtt: [bucket, 'Arn'] }, '/key'] ] }` as `<bucket>/key`. */
function objectArn(resource: unknown): string {
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join === undefined) return JSON.stringify(resource);
  return join[1]
    .map((part) =>
      typeof part === 'string' ? part : `<${String((part as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])}>`,
    )
    .join('');
}

function s3Statements(functionId: string): Statement[] {
  return roleStatements(functionId).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
}

const STACK_KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] };

describe('history archive (issue 6)', () => {
  it('is an Object Lock bucket, COMPLIANCE 365 days by default, versioned, KMS, private, SSL-only, logged', () => {
    // Prepare
    const logs = logicalId('AWS::S3::Bucket', 'AccessLogsBucket');

    // Assess
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: STACK_KEY },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: logs }, LogFilePrefix: 'history-archive/' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId('AWS::S3::Bucket', 'HistoryArchiveBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('locks exports with the configured retention mode and days', () => {
    // Act
    const governance = Template.fromStack(
      synthStack({ ...FULL_PROPS, historyExportRetention: { mode: 'GOVERNANCE', days: 30 } }),
    );

    // Assess
    governance.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    });
    governance.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          NETWARDEN_HISTORY_EXPORT_RETENTION_MODE: 'GOVERNANCE',
          NETWARDEN_HISTORY_EXPORT_RETENTION_DAYS: '30',
        }),
      },
    });
  });

  it('runs the export daily at 00:15 UTC with retries and the dead-letter queue', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(15 0 * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId('AWS::Lambda::Function', 'HistoryExportFunction'), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'HistoryExportDeadLetterQueue'), 'Arn'] },
          },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
  });

  it('tells the export function the table, the bucket and the retention, and nothing it does not use', () => {
    // Act
    const variables = variablesOf('HistoryExport');

    // Assess
    expect(variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'netwarden',
      POWERTOOLS_METRICS_NAMESPACE: 'NetWarden',
      NETWARDEN_HISTORY_TABLE: { Ref: logicalId('AWS::DynamoDB::Table', 'TablesHistoryTable') },
      NETWARDEN_HISTORY_EXPORT_BUCKET: { Ref: logicalId('AWS::S3::Bucket', 'HistoryArchiveBucket') },
      NETWARDEN_HISTORY_EXPORT_RETENTION_MODE: 'COMPLIANCE',
      NETWARDEN_HISTORY_EXPORT_RETENTION_DAYS: '365',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'the NetWarden daily history export',
      Runtime: 'nodejs22.x',
      Timeout: 900,
    });
  });

  it('lets the export query the day index and upload under history/ only, with KMS through the key', () => {
    // Prepare
    const table = logicalId('AWS::DynamoDB::Table', 'TablesHistoryTable');
    const archive = logicalId('AWS::S3::Bucket', 'HistoryArchiveBucket');

    // Act
    const statements = roleStatements('HistoryExport');
    const actions = statements.flatMap(actionsOf);

    // Assess
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(statements).toContainEqual({
      Sid: 'QueryHistoryByDay',
      Effect: 'Allow',
      Action: 'dynamodb:Query',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/gsi2']] },
    });
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:Query']);
    const s3 = s3Statements('HistoryExport');
    expect(s3).toHaveLength(1);
    expect(actionsOf(s3[0] as Statement).sort()).toEqual(['s3:PutObject', 's3:PutObjectRetention']);
    expect(objectArn((s3[0] as Statement).Resource)).toBe(`<${archive}>/history/*`);
    const kms = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    for (const s of kms) expect(s.Resource).toEqual({ 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'Key'), 'Arn'] });
    expect(new Set(kms.flatMap(actionsOf))).toEqual(new Set(['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey']));
    expect(actions.some((a) => a.startsWith('ec2:') || a.startsWith('sns:'))).toBe(false);
  });

  it('gives no other function access to the archive', () => {
    // Prepare
    const archive = logicalId('AWS::S3::Bucket', 'HistoryArchiveBucket');

    // Act
    const others = ['ConfigRuleEvaluator', 'ChangeResponder', 'AlarmResponder', 'ScheduledAssurance'].flatMap((id) =>
      roleStatements(id).filter((s) => JSON.stringify(s.Resource).includes(archive)),
    );

    // Assess
    expect(others).toEqual([]);
  });
});

describe('access logs', () => {
  it('receives the server access logs of both buckets through a scoped bucket policy', () => {
    // Prepare
    const logs = logicalId('AWS::S3::Bucket', 'AccessLogsBucket');

    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] },
    });
    for (const [source, prefix] of [
      ['HistoryArchiveBucket', 'history-archive/'],
      ['BaselineBucket', 'baseline/'],
    ] as const) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logs },
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logs, 'Arn'] }, `/${prefix}*`]] },
              Condition: {
                ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId('AWS::S3::Bucket', source), 'Arn'] } },
                StringEquals: { 'aws:SourceAccount': '111122223333' },
              },
            },
          ]),
        },
      });
    }
  });
});

describe('baseline storage (issue 7)', () => {
  it('is a versioned, KMS-encrypted, private, logged bucket that outlives the stack', () => {
    // Assess
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: STACK_KEY },
            },
          ],
        },
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true, RestrictPublicBuckets: true }),
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'baseline/' }),
        ObjectLockEnabled: Match.absent(),
      }),
    });
  });

  it('tells the scheduled assurance and the change responder where the baseline is, and no one else', () => {
    // Prepare
    const baselineEnv = {
      NETWARDEN_BASELINE_BUCKET: { Ref: logicalId('AWS::S3::Bucket', 'BaselineBucket') },
      NETWARDEN_BASELINE_KEY: 'baseline/netwarden-baseline.json',
    };
    const functions = template.findResources('AWS::Lambda::Function');

    // Act
    const told = Object.entries(functions)
      .filter(([, r]) => JSON.stringify(r.Properties).includes('NETWARDEN_BASELINE_BUCKET'))
      .map(([id]) => id.replace(/Function[0-9A-F]+$/, ''))
      .sort();

    // Assess
    expect(told).toEqual(['ChangeResponder', 'ScheduledAssurance']);
    for (const id of told) expect(variablesOf(id)).toMatchObject(baselineEnv);
  });

  it('lets both read the baseline object, only the change responder replace it, the schedule only create it', () => {
    // Prepare
    const bucket = logicalId('AWS::S3::Bucket', 'BaselineBucket');
    const object = `<${bucket}>/baseline/netwarden-baseline.json`;

    // Act
    const responder = s3Statements('ChangeResponder');
    const schedule = s3Statements('ScheduledAssurance');

    // Assess
    for (const statements of [responder, schedule]) {
      const read = statements.find((s) => s.Sid === 'ReadBaseline') as Statement;
      expect(actionsOf(read).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
      expect(objectArn(read.Resource)).toBe(object);
      expect(statements.find((s) => s.Sid === 'FindBaseline')).toMatchObject({
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [bucket, 'Arn'] },
      });
    }
    const update = responder.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(update).toHaveLength(1);
    expect(objectArn(update[0]?.Resource)).toBe(object);
    expect(update[0]?.Condition).toBeUndefined();
    const capture = schedule.filter((s) => actionsOf(s).includes('s3:PutObject'));
    expect(capture).toHaveLength(1);
    expect(objectArn(capture[0]?.Resource)).toBe(object);
    expect(capture[0]?.Condition).toEqual({ Null: { 's3:if-none-match': 'false' } });
    for (const id of ['ConfigRuleEvaluator', 'AlarmResponder', 'HistoryExport']) {
      expect(roleStatements(id).filter((s) => JSON.stringify(s.Resource).includes(bucket))).toEqual([]);
    }
  });
});
