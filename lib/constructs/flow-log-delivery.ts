import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface FlowLogDeliveryProps {
  readonly key: IKey;
  readonly retention: RetentionDays;
}

/**
 * Where the flow logs NetWarden creates (rule vpc-flow-logs-missing in `auto` mode) are delivered:
 * a KMS-encrypted log group and the role VPC Flow Logs assumes to write to it.
 */
export class FlowLogDelivery extends Construct {
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: FlowLogDeliveryProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.retention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'FlowLogGroupEncryption',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    this.role = new Role(this, 'DeliveryRole', {
      assumedBy: new ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Delivers the VPC flow logs NetWarden creates to its log group',
    });
    this.logGroup.grantWrite(this.role);
    this.logGroup.grant(this.role, 'logs:DescribeLogStreams');
  }
}
