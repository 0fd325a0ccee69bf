import { RemovalPolicy } from 'aws-cdk-lib';
import { Effect, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The object holding the approved baseline (lambdas/handlers/shared/baselines.ts reads the same default). */
export const BASELINE_OBJECT_KEY = 'baseline/netwarden-baseline.json';

export interface BaselineStorageProps {
  readonly key: IKey;
  readonly accessLogs: IBucket;
}

/**
 * The versioned bucket of the approved network baseline: every approval is a new object version,
 * so each one can be traced and an older baseline restored.
 */
export class BaselineStorage extends Construct {
  readonly bucket: Bucket;
  readonly objectKey = BASELINE_OBJECT_KEY;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: BaselineStorageProps) {
    super(scope, id);
    this.key = props.key;
    this.bucket = new Bucket(this, 'Bucket', {
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'baseline/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  get objectArn(): string {
    return this.bucket.arnForObjects(this.objectKey);
  }

  /**
   * Read the baseline and its older versions. ListBucket is what makes S3 answer 404 instead of 403
   * for a baseline not captured yet; the bucket holds nothing else to list.
   */
  grantRead(grantee: IGrantable): void {
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadBaseline',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.objectArn],
      }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'FindBaseline',
        effect: Effect.ALLOW,
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    this.key.grant(grantee, 'kms:Decrypt');
  }

  /** Replace the baseline (a new version): what an approved, IaC-trusted change does. */
  grantUpdate(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'UpdateBaseline',
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [this.objectArn],
      }),
    );
    this.key.grant(grantee, 'kms:GenerateDataKey');
  }

  /**
   * Write the first baseline only: S3 grants the upload only with `If-None-Match: *`, which fails
   * when a baseline exists, so this grant can never replace an approved one.
   */
  grantCapture(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'CaptureFirstBaseline',
        effect: Effect.ALLOW,
        actions: ['s3:PutObject'],
        resources: [this.objectArn],
        conditions: { Null: { 's3:if-none-match': 'false' } },
      }),
    );
    this.key.grant(grantee, 'kms:GenerateDataKey');
  }
}
