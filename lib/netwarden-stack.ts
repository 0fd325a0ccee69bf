import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, type IRole, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { AccessLogs } from './constructs/access-logs';
import { BaselineStorage } from './constructs/baseline-storage';
import { ConfigRules } from './constructs/config-rules';
import { DataTables } from './constructs/data-tables';
import { FlowLogDelivery } from './constructs/flow-log-delivery';
import { HistoryArchive } from './constructs/history-archive';
import { NetWardenFunction } from './constructs/netwarden-function';
import { NetworkAlarms } from './constructs/network-alarms';
import { NETWORK_CHANGE_EVENT_NAMES } from './constructs/network-change-events';
import { grantNetworkRead, grantRemediation } from './constructs/network-permissions';
import { Notifications } from './constructs/notifications';
import { HANDLER_ENTRIES } from './handler-entries';
import { suppressAcceptedNagFindings } from './nag-suppressions';
import { type NetWardenStackProps, type ResolvedNetWardenProps, resolveNetWardenProps } from './netwarden-props';

/** When yesterday's history is exported: shortly after the UTC day is over. */
export const HISTORY_EXPORT_SCHEDULE = Schedule.cron({ minute: '15', hour: '0' });

/**
 * NetWarden in one account and region: the Config rule evaluator, the CloudTrail change responder,
 * the alarm responder, the scheduled assurance run and the daily history export, with their tables,
 * buckets, topic, queues and alarms.
 */
export class NetWardenStack extends Stack {
  readonly settings: ResolvedNetWardenProps;
  readonly key: Key;
  readonly notifications: Notifications;
  readonly tables: DataTables;
  readonly flowLogDelivery: FlowLogDelivery;
  readonly accessLogs: AccessLogs;
  readonly historyArchive: HistoryArchive;
  readonly baseline: BaselineStorage;
  readonly configRuleEvaluator: NetWardenFunction;
  readonly changeResponder: NetWardenFunction;
  readonly alarmResponder: NetWardenFunction;
  readonly scheduledAssurance: NetWardenFunction;
  readonly historyExport: NetWardenFunction;
  readonly configRules: ConfigRules;
  readonly networkAlarms: NetworkAlarms;

  constructor(scope: Construct, id: string, props: NetWardenStackProps = {}) {
    super(scope, id, props);
    const settings = resolveNetWardenProps(props);
    this.settings = settings;

    this.key = new Key(this, 'Key', {
      description: 'NetWarden: encrypts its topic, queues, tables and flow-log group',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.allowServiceToUseKey('AlarmsPublishToTopic', 'cloudwatch.amazonaws.com');
    this.allowServiceToUseKey('EventBridgeDeadLetters', 'events.amazonaws.com');

    this.notifications = new Notifications(this, 'Notifications', {
      key: this.key,
      emails: settings.notificationEmails,
    });
    this.tables = new DataTables(this, 'Tables', { key: this.key });
    this.flowLogDelivery = new FlowLogDelivery(this, 'FlowLogDelivery', {
      key: this.key,
      retention: settings.logRetention,
    });
    this.accessLogs = new AccessLogs(this, 'AccessLogs', { retention: settings.logRetention });
    this.historyArchive = new HistoryArchive(this, 'HistoryArchive', {
      key: this.key,
      accessLogs: this.accessLogs.bucket,
      retention: settings.historyExportRetention,
    });
    this.baseline = new BaselineStorage(this, 'Baseline', { key: this.key, accessLogs: this.accessLogs.bucket });

    const common = {
      NETWARDEN_SETTINGS: this.toJsonString(this.runtimeSettings(settings)),
      NETWARDEN_TOPIC_ARN: this.notifications.topic.topicArn,
      NETWARDEN_HISTORY_TABLE: this.tables.history.tableName,
    };
    const baselineEnv = {
      NETWARDEN_BASELINE_BUCKET: this.baseline.bucket.bucketName,
      NETWARDEN_BASELINE_KEY: this.baseline.objectKey,
    };
    const fn = (
      constructId: string,
      entry: string,
      description: string,
      extra: Record<string, string> = {},
      intents = true,
    ) =>
      new NetWardenFunction(this, constructId, {
        entry,
        description,
        key: this.key,
        alarmTopic: this.notifications.topic,
        logRetention: settings.logRetention,
        environment: { ...common, ...extra },
        intentsYaml: intents ? settings.intentsYaml : undefined,
      });

    this.configRuleEvaluator = fn(
      'ConfigRuleEvaluator',
      HANDLER_ENTRIES.configRuleEvaluator,
      'the NetWarden AWS Config rule evaluator',
      {},
      false,
    );
    this.changeResponder = fn(
      'ChangeResponder',
      HANDLER_ENTRIES.changeResponder,
      'the NetWarden network change responder',
      {
        NETWARDEN_IDEMPOTENCY_TABLE: this.tables.idempotency.tableName,
        ...baselineEnv,
      },
    );
    // Its own CloudTrail events must be recognised and ignored; the role ARN is how.
    this.changeResponder.function.addEnvironment('NETWARDEN_OWN_ROLE_ARN', this.changeResponder.role.roleArn);
    this.alarmResponder = fn('AlarmResponder', HANDLER_ENTRIES.alarmResponder, 'the NetWarden alarm responder');
    this.scheduledAssurance = fn(
      'ScheduledAssurance',
      HANDLER_ENTRIES.scheduledAssurance,
      'the NetWarden scheduled assurance run',
      baselineEnv,
    );
    this.historyExport = new NetWardenFunction(this, 'HistoryExport', {
      entry: HANDLER_ENTRIES.historyExport,
      description: 'the NetWarden daily history export',
      key: this.key,
      alarmTopic: this.notifications.topic,
      logRetention: settings.logRetention,
      timeout: Duration.minutes(15),
      environment: {
        NETWARDEN_HISTORY_TABLE: this.tables.history.tableName,
        NETWARDEN_HISTORY_EXPORT_BUCKET: this.historyArchive.bucket.bucketName,
        NETWARDEN_HISTORY_EXPORT_RETENTION_MODE: settings.historyExportRetention.mode,
        NETWARDEN_HISTORY_EXPORT_RETENTION_DAYS: String(settings.historyExportRetention.days),
      },
    });

    for (const f of this.networkFunctions) {
      grantNetworkRead(f.role);
      this.notifications.topic.grants.actions(f.role, ['sns:Publish'], {
        keyActions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      });
      this.grantHistory(f.role);
    }
    grantRemediation(this.changeResponder.role, this.flowLogDelivery.role.roleArn);
    this.tables.idempotency.grant(
      this.changeResponder.role,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    this.baseline.grantRead(this.scheduledAssurance.role);
    this.baseline.grantRead(this.changeResponder.role);
    // Only an approved (IaC-trusted) change moves the baseline; the schedule may only capture the first one.
    this.baseline.grantUpdate(this.changeResponder.role);
    this.baseline.grantCapture(this.scheduledAssurance.role);
    // The export reads the history (day index) and writes the archive; it never writes the table.
    this.tables.grantHistoryDayQuery(this.historyExport.role);
    this.key.grant(this.historyExport.role, 'kms:Decrypt', 'kms:DescribeKey');
    this.historyArchive.grantExport(this.historyExport.role);

    this.configRules = new ConfigRules(this, 'ConfigRules', {
      evaluator: this.configRuleEvaluator,
      frequency: settings.configRuleFrequency,
    });

    new Rule(this, 'NetworkChangeRule', {
      description: 'NetWarden: CloudTrail EC2 calls that change the network',
      eventPattern: {
        source: ['aws.ec2'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['ec2.amazonaws.com'], eventName: [...NETWORK_CHANGE_EVENT_NAMES] },
      },
      targets: [this.target(this.changeResponder)],
    });

    this.networkAlarms = new NetworkAlarms(this, 'NetworkAlarms', {
      flowLogGroupNames: settings.flowLogGroupNames,
      rejectThreshold: settings.rejectThreshold,
      topic: this.notifications.topic,
    });
    new Rule(this, 'AlarmStateRule', {
      description: 'NetWarden: its network alarms entering ALARM',
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        resources: this.networkAlarms.all.map((alarm) => alarm.alarmArn),
        detail: { state: { value: ['ALARM'] } },
      },
      targets: [this.target(this.alarmResponder)],
    });

    new Rule(this, 'AssuranceSchedule', {
      description: 'NetWarden: scheduled full snapshot, intents, exposure sweep and metrics',
      schedule: settings.schedule,
      targets: [this.target(this.scheduledAssurance)],
    });

    new Rule(this, 'HistoryExportSchedule', {
      description: "NetWarden: export yesterday's history to the Object Lock archive",
      schedule: HISTORY_EXPORT_SCHEDULE,
      targets: [this.target(this.historyExport)],
    });

    suppressAcceptedNagFindings(this.functions, this.accessLogs);
  }

  /** Every function of the stack. */
  get functions(): NetWardenFunction[] {
    return [...this.networkFunctions, this.historyExport];
  }

  /** The functions that judge the network: they read it, record history and notify. */
  get networkFunctions(): NetWardenFunction[] {
    return [this.configRuleEvaluator, this.changeResponder, this.alarmResponder, this.scheduledAssurance];
  }

  /** What the handlers read from NETWARDEN_SETTINGS (parsed by lambdas/handlers/settings.ts). */
  private runtimeSettings(settings: ResolvedNetWardenProps): Record<string, unknown> {
    return {
      remediation: {
        version: 1,
        modes: settings.modes,
        exemptions: settings.exemptions,
        flowLogs: {
          logGroupName: this.flowLogDelivery.logGroup.logGroupName,
          deliverLogsPermissionArn: this.flowLogDelivery.role.roleArn,
        },
      },
      rules: { riskyPorts: settings.riskyPortOverrides },
      trustedPrincipals: settings.trustedPrincipals,
      ...(settings.historyRetentionDays === undefined ? {} : { historyRetentionDays: settings.historyRetentionDays }),
    };
  }

  /**
   * The history is append-only: write and query, never update or delete. The key grant also covers
   * the idempotency table, which the same key encrypts.
   */
  private grantHistory(role: IRole): void {
    this.tables.history.grant(role, 'dynamodb:PutItem', 'dynamodb:Query');
    this.key.grant(role, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
  }

  private target(f: NetWardenFunction): LambdaFunction {
    return new LambdaFunction(f.function, {
      deadLetterQueue: f.deadLetterQueue,
      retryAttempts: 4,
      maxEventAge: Duration.hours(2),
    });
  }

  private allowServiceToUseKey(sid: string, service: string): void {
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid,
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal(service)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
  }
}
