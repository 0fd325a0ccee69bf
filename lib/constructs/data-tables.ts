import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

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
      indexName: 'gsi2',
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
}
