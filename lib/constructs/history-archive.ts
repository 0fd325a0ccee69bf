import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { HistoryExportRetentionProp } from '../netwarden-props';

/** Where the daily exports go inside the bucket (the key prefix `exportDay` uses by default). */
export const HISTORY_EXPORT_PREFIX = 'history/';

export interface HistoryArchiveProps {
  readonly key: IKey;
  readonly accessLogs: IBucket;
  readonly retention: HistoryExportRetentionProp;
}

/**
 * The write-once home of the daily history exports: Object Lock with a default retention, so an
 * export can be neither deleted nor overwritten (a new upload is a new version) until it expires.
 */
export class HistoryArchive extends Construct {
  readonly bucket: Bucket;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: HistoryArchiveProps) {
    super(scope, id);
    this.key = props.key;
    const lockFor = Duration.days(props.retention.days);
    this.bucket = new Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.retention.mode === 'COMPLIANCE'
          ? ObjectLockRetention.compliance(lockFor)
          : ObjectLockRetention.governance(lockFor),
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'history-archive/',
      // Audit evidence outlives the stack (and Object Lock would refuse the deletion anyway).
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Upload exports (with their own retention) under the export prefix; nothing else, no reads. */
  grantExport(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'UploadHistoryExports',
        effect: Effect.ALLOW,
        actions: ['s3:PutObject', 's3:PutObjectRetention'],
        resources: [this.bucket.arnForObjects(`${HISTORY_EXPORT_PREFIX}*`)],
      }),
    );
    this.key.grant(grantee, 'kms:GenerateDataKey');
  }
}
