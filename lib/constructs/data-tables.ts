import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** The history index keyed by UTC day (lambdas/core/history/keys.ts `dayIndex`): one query per day. */
export const HISTORY_DAY_INDEX = 'gsi2';

export interface DataTablesProps {
  readonly key: IKey;
}

/**
 * The two tables: the append-only audit history (keys and indexes as lambdas/core/history/keys.ts
 * writes them) and the idempotency records that make duplicate CloudTrail deliveries act once.
 */
export class DataTables extends Construct {
  readonly history: Table;
  readonly idempotency: Table;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.history = new Table(this, 'HistoryTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'ttl',
      deletionProtection: true,
      // Audit evidence outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.history.addGlobalSecondaryIndex({
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
    });
    this.history.addGlobalSecondaryIndex({
      indexName: HISTORY_DAY_INDEX,
      partitionKey: { name: 'gsi2pk', type: AttributeType.STRING },
      sortKey: { name: 'gsi2sk', type: AttributeType.STRING },
    });
    this.idempotency = new Table(this, 'IdempotencyTable', {
      // The attribute names Powertools' DynamoDBPersistenceLayer uses by default.
      partitionKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiration',
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Query the history by day, and nothing else: what a reader of whole days (the export) needs. */
  grantHistoryDayQuery(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'QueryHistoryByDay',
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: [`${this.history.tableArn}/index/${HISTORY_DAY_INDEX}`],
      }),
    );
  }
}
