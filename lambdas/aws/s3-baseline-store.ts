/**
 * The baseline in a versioned S3 object (the stack's bucket): each save is a new object version,
 * whose VersionId is returned and recorded, so every approval can be traced and an older baseline
 * restored. Saves can be conditional on the ETag that was loaded (S3 conditional writes), so two
 * concurrent approvals cannot silently overwrite each other. The client is injected.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type Baseline, serializeBaseline } from '../core/drift/baseline';
import { parseBaseline } from '../core/drift/parse-baseline';
import { BaselineConflictError, BaselineStoreError } from '../core/drift/store-errors';
import type { BaselineStore, StoredBaseline } from '../ports';
import { awsErrorCode } from './retry';

export interface S3BaselineLocation {
  bucket: string;
  key: string;
  /** KMS key for SSE-KMS; the bucket's default encryption applies when absent. */
  kmsKeyId?: string;
}

/** S3 answers these when the object does not exist (no baseline captured yet). */
const MISSING_CODES = new Set(['NoSuchKey', 'NotFound']);
/** S3 answers these when a conditional write lost against another writer. */
const CONFLICT_CODES = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

export class S3BaselineStore implements BaselineStore {
  constructor(
    private readonly client: S3Client,
    private readonly where: S3BaselineLocation,
  ) {}

  get location(): string {
    return `s3://${this.where.bucket}/${this.where.key}`;
  }

  async load(): Promise<StoredBaseline | undefined> {
    let text: string | undefined;
    let version: string | undefined;
    let etag: string | undefined;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: this.where.key }));
      text = await out.Body?.transformToString('utf-8');
      version = out.VersionId;
      etag = out.ETag;
    } catch (error: unknown) {
      const code = awsErrorCode(error);
      if (code !== undefined && MISSING_CODES.has(code)) return undefined;
      throw new BaselineStoreError(
        `reading the baseline ${this.location} failed (${code ?? 'unknown error'}): ${messageOf(error)}`,
      );
    }
    if (text === undefined) throw new BaselineStoreError(`the baseline ${this.location} has no body`);
    const source = version === undefined ? this.location : `${this.location}?versionId=${version}`;
    const baseline = parseBaseline(text, source);
    return { baseline, ...(version !== undefined ? { version } : {}), ...(etag !== undefined ? { etag } : {}) };
  }

  async save(
    baseline: Baseline,
    options: { ifMatch?: string; ifNoneMatch?: '*' } = {},
  ): Promise<{ version?: string; etag?: string }> {
    const kms = this.where.kmsKeyId;
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.where.bucket,
          Key: this.where.key,
          Body: serializeBaseline(baseline),
          ContentType: 'application/json',
          ...(options.ifMatch !== undefined ? { IfMatch: options.ifMatch } : {}),
          ...(options.ifNoneMatch !== undefined ? { IfNoneMatch: options.ifNoneMatch } : {}),
          ...(kms !== undefined ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kms } : {}),
        }),
      );
      return {
        ...(out.VersionId !== undefined ? { version: out.VersionId } : {}),
        ...(out.ETag !== undefined ? { etag: out.ETag } : {}),
      };
    } catch (error: unknown) {
      const code = awsErrorCode(error);
      if (code !== undefined && CONFLICT_CODES.has(code)) {
        throw new BaselineConflictError(
          `the baseline ${this.location} changed since it was loaded (${code}): load it again and re-apply the change`,
        );
      }
      throw new BaselineStoreError(
        `writing the baseline ${this.location} failed (${code ?? 'unknown error'}): ${messageOf(error)}`,
      );
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
