import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AccessLogsProps {
  /** How long access logs are kept; the functions' log retention, so one setting rules both. */
  readonly retention: RetentionDays;
}

/**
 * The bucket receiving the S3 server access logs of NetWarden's buckets: who read or wrote the
 * evidence and the baseline. S3 delivers access logs only to SSE-S3 buckets, hence no KMS here.
 */
export class AccessLogs extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsProps) {
    super(scope, id);
    // Log delivery through a bucket policy scoped to the source buckets (AWS's recommendation), not the legacy ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules:
        props.retention === RetentionDays.INFINITE
          ? []
          : [
              {
                expiration: Duration.days(props.retention),
                noncurrentVersionExpiration: Duration.days(1),
              },
            ],
    });
  }
}
