import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Where NetWarden's metrics live (Powertools publishes with the `service` dimension). */
export const METRIC_NAMESPACE = 'NetWarden';
export const SERVICE_DIMENSION = { service: 'netwarden' };
export const INTENT_VIOLATIONS_METRIC = 'IntentViolations';
export const FLOW_LOG_REJECTS_METRIC = 'FlowLogRejects';

/** The fields of a default-format (version 2) VPC flow log record, in order. */
const FLOW_LOG_FIELDS = [
  'version',
  'account',
  'eni',
  'source',
  'destination',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'logstatus',
];

export interface NetworkAlarmsProps {
  readonly flowLogGroupNames: readonly string[];
  readonly rejectThreshold: number;
  readonly topic: ITopic;
}

/**
 * The alarms whose state changes start the alarm responder: a surge of REJECTed flows (something
 * that used to work is being cut) and NetWarden's own intent-violation metric.
 */
export class NetworkAlarms extends Construct {
  readonly intentViolations: Alarm;
  readonly flowLogRejects?: Alarm;

  constructor(scope: Construct, id: string, props: NetworkAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    this.intentViolations = new Alarm(this, 'IntentViolationsAlarm', {
      alarmDescription: 'A flow the intents say must work is cut, or one that must never work is open',
      metric: new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: INTENT_VIOLATIONS_METRIC,
        dimensionsMap: SERVICE_DIMENSION,
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.intentViolations.addAlarmAction(action);
    if (props.flowLogGroupNames.length === 0) return;
    props.flowLogGroupNames.forEach((name, i) => {
      new MetricFilter(this, `RejectFilter${i}`, {
        logGroup: LogGroup.fromLogGroupName(this, `FlowLogGroup${i}`, name),
        filterPattern: FilterPattern.spaceDelimited(...FLOW_LOG_FIELDS).whereString('action', '=', 'REJECT'),
        metricNamespace: METRIC_NAMESPACE,
        metricName: FLOW_LOG_REJECTS_METRIC,
        metricValue: '1',
        defaultValue: 0,
      });
    });
    this.flowLogRejects = new Alarm(this, 'FlowLogRejectsAlarm', {
      alarmDescription: `More than ${props.rejectThreshold} flow-log REJECT records in 5 minutes: traffic that used to flow may be cut`,
      metric: new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: FLOW_LOG_REJECTS_METRIC,
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: props.rejectThreshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.flowLogRejects.addAlarmAction(action);
  }

  get all(): Alarm[] {
    return this.flowLogRejects ? [this.intentViolations, this.flowLogRejects] : [this.intentViolations];
  }
}
