import type { S3Client } from '@aws-sdk/client-s3';
import { S3BaselineStore } from '../../aws/s3-baseline-store';

/**
 * The approved baseline's versioned S3 object, when the stack configured one. Drift detection is
 * part of a deployment only with a baseline bucket, so its absence switches drift off rather than
 * failing the whole function.
 */
export function baselineStoreFromEnv(client: S3Client): S3BaselineStore | undefined {
  const bucket = process.env.NETWARDEN_BASELINE_BUCKET;
  if (bucket === undefined || bucket === '') return undefined;
  return new S3BaselineStore(client, {
    bucket,
    key: process.env.NETWARDEN_BASELINE_KEY || 'baseline/netwarden-baseline.json',
  });
}
