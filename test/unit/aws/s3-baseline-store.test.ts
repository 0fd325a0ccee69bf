import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3BaselineStore } from '../../../lambdas/aws/s3-baseline-store';
import { type Baseline, captureBaseline, serializeBaseline } from '../../../lambdas/core/drift/baseline';
import { BaselineFormatError } from '../../../lambdas/core/drift/parse-baseline';
import { BaselineConflictError, BaselineStoreError } from '../../../lambdas/core/drift/store-errors';
import { emptySnapshot } from '../../../lambdas/core/model/snapshot';

const BUCKET = 'netwarden-state-111122223333-eu-west-1';
const KEY = 'drift/baseline.json';
const s3 = mockClient(S3Client);

const baseline: Baseline = captureBaseline(
  {
    ...emptySnapshot(),
    Subnets: [{ SubnetId: 'subnet-0cd44e4520c5875ac', VpcId: 'vpc-0931e3e1c3a904517', MapPublicIpOnLaunch: false }],
  },
  { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'aws:eu-west-1' },
);

/** The SDK's streaming body; the store only reads it as text. */
function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: `${name} happened`,
  });
}

beforeEach(() => {
  s3.reset();
});

describe('S3BaselineStore', () => {
  it('loads the baseline with the object version and ETag', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).resolves({
      Body: body(serializeBaseline(baseline)),
      VersionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      ETag: '"6805f2cfc46c0f04559748bb039d69ae"',
    });
    const store = new S3BaselineStore(new S3Client({}), { bucket: BUCKET, key: KEY });

    // Act
    const stored = await store.load();

    // Assess
    expect(stored).toEqual({
      baseline,
      version: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      etag: '"6805f2cfc46c0f04559748bb039d69ae"',
    });
    expect(store.location).toBe(`s3://${BUCKET}/${KEY}`);
  });

  it('answers undefined when no baseline was captured yet', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404));
    const store = new S3BaselineStore(new S3Client({}), { bucket: BUCKET, key: KEY });

    // Act
    const stored = await store.load();

    // Assess
    expect(stored).toBeUndefined();
  });

  it('names the object version in a format error', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves({ Body: body('{"formatVersion": 7}'), VersionId: 'v7' });
    const store = new S3BaselineStore(new S3Client({}), { bucket: BUCKET, key: KEY });

    // Act
    const act = store.load();

    // Assess
    await expect(act).rejects.toThrow(BaselineFormatError);
    await expect(act).rejects.toThrow(`s3://${BUCKET}/${KEY}?versionId=v7: $.formatVersion: expected 1`);
  });

  it('reports a denied read with the location and the code', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(s3Error('AccessDenied', 403));
    const store = new S3BaselineStore(new S3Client({}), { bucket: BUCKET, key: KEY });

    // Act
    const act = store.load();

    // Assess
    await expect(act).rejects.toThrow(BaselineStoreError);
    await expect(act).rejects.toThrow(`reading the baseline s3://${BUCKET}/${KEY} failed (AccessDenied)`);
  });

  it('saves the file text as a new version, conditional on the loaded ETag, with SSE-KMS', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({ VersionId: 'v8', ETag: '"e8"' });
    const store = new S3BaselineStore(new S3Client({}), {
      bucket: BUCKET,
      key: KEY,
      kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/0b1f4bd8-5a2c-4d4e-9c1a-2f6a3b7c8d9e',
    });

    // Act
    const saved = await store.save(baseline, { ifMatch: '"e7"' });

    // Assess
    expect(saved).toEqual({ version: 'v8', etag: '"e8"' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: KEY,
      Body: serializeBaseline(baseline),
      ContentType: 'application/json',
      IfMatch: '"e7"',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/0b1f4bd8-5a2c-4d4e-9c1a-2f6a3b7c8d9e',
    });
  });

  it('creates the first baseline with If-None-Match, so a capture never replaces one', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({ VersionId: 'v1', ETag: '"e1"' });
    const store = new S3BaselineStore(new S3Client({}), { bucket: BUCKET, key: KEY });

    // Act
    await store.save(baseline, { ifNoneMatch: '*' });

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({ IfNoneMatch: '*' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfMatch).toBeUndefined();
  });

  it('refuses to overwrite a baseline someone else saved meanwhile', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    const store = new S3BaselineStore(new S3Client({}), { bucket: BUCKET, key: KEY });

    // Act
    const act = store.save(baseline, { ifMatch: '"stale"' });

    // Assess
    await expect(act).rejects.toThrow(BaselineConflictError);
  });
});
