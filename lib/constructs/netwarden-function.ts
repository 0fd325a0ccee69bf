import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  type DestinationConfig,
  type IDestination,
  type IFunction,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLED_INTENTS_FILE } from '../handler-entries';

export interface NetWardenFunctionProps {
  readonly entry: string;
  readonly description: string;
  /** The stack's key: encrypts the dead-letter queue. */
  readonly key: IKey;
  /** Where the function's own operational alarms go. */
  readonly alarmTopic: ITopic;
  readonly logRetention: RetentionDays;
  readonly environment: Record<string, string>;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default 1024 */
  readonly memorySize?: number;
  /** YAML bundled next to the handler; @default - none */
  readonly intentsYaml?: string;
}

/**
 * Sends failed asynchronous invocations to the DLQ with exactly the permissions that needs (the
 * stock SqsDestination grants wildcard KMS actions).
 */
class QueueOnFailure implements IDestination {
  constructor(private readonly queue: Queue) {}

  bind(_scope: Construct, fn: IFunction): DestinationConfig {
    this.queue.grants.actions(fn, ['sqs:SendMessage'], { keyActions: ['kms:Decrypt', 'kms:GenerateDataKey'] });
    return { destination: this.queue.queueArn };
  }
}

/** Writes the intents where the bundling hook can copy them next to the handler. */
function stageIntents(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'netwarden-intents-'));
  const file = path.join(dir, BUNDLED_INTENTS_FILE);
  writeFileSync(file, yaml, 'utf8');
  return file;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One NetWarden Lambda function with everything it needs to fail visibly: its own role (no managed
 * policies), a log group with retention, a KMS-encrypted DLQ as on-failure destination, and alarms
 * on errors and on DLQ depth.
 */
export class NetWardenFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  readonly logGroup: LogGroup;
  readonly errorsAlarm: Alarm;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: NetWardenFunctionProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.logGroup.grantWrite(this.role);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const staged = props.intentsYaml === undefined ? undefined : stageIntents(props.intentsYaml);
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'netwarden',
        POWERTOOLS_METRICS_NAMESPACE: 'NetWarden',
        ...(staged === undefined ? {} : { NETWARDEN_INTENTS_FILE: BUNDLED_INTENTS_FILE }),
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        target: 'node22',
        format: OutputFormat.CJS,
        commandHooks:
          staged === undefined
            ? undefined
            : {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) => [
                  `cp ${shellQuote(staged)} ${shellQuote(path.join(output, BUNDLED_INTENTS_FILE))}`,
                ],
              },
      },
      onFailure: new QueueOnFailure(this.deadLetterQueue),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    const action = new SnsAction(props.alarmTopic);
    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${props.description} failed; the event is retried, then kept in its dead-letter queue`,
      metric: this.function.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm.addAlarmAction(action);
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `Events ${props.description} could not handle wait in its dead-letter queue`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm.addAlarmAction(action);
  }
}
