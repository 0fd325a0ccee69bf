import { createHash } from 'node:crypto';
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from '@aws-sdk/client-s3';
import { parseTimeBound } from '../core/history/query';
import type { HistoryStore } from '../ports';

export interface ExportRetention {
  /** COMPLIANCE: nobody, root included, can delete or shorten it; GOVERNANCE: only with the bypass permission. */
  mode: 'COMPLIANCE' | 'GOVERNANCE';
  days: number;
}

export interface ExportDayOptions {
  /** Key prefix, default `history/`. */
  prefix?: string;
  /** Object Lock retention for this object; omitted = the bucket's default retention applies. */
  retention?: ExportRetention;
  /** The clock the retention counts from (tests pin it). */
  now?: Date;
}

export interface ExportDayResult {
  bucket: string;
  key: string;
  records: number;
  bytes: number;
  versionId?: string;
}

const DAY_MS = 86_400_000;

/** The object key of one day's export: `<prefix>yyyy/mm/dd/netwarden-history-yyyy-mm-dd.jsonl`. */
export function exportKey(day: string, prefix = 'history/'): string {
  const [yyyy, mm, dd] = day.split('-');
  return `${prefix}${yyyy}/${mm}/${dd}/netwarden-history-${day}.jsonl`;
}

/**
 * Copies one UTC day of history to S3 as JSON Lines (one record per line, oldest first), so the
 * audit trail outlives the table's TTL in write-once storage. An empty day still writes an empty
 * object: its presence proves the export ran.
 */
export async function exportDay(
  store: HistoryStore,
  s3Client: S3Client,
  bucket: string,
  day: string,
  options: ExportDayOptions = {},
): Promise<ExportDayResult> {
  const since = parseTimeBound(day, 'since', 'day');
  const until = parseTimeBound(day, 'until', 'day');
  const lines: string[] = [];
  for await (const record of store.iterate({ since, until }, 1000)) lines.push(`${JSON.stringify(record)}\n`);
  const body = Buffer.from(lines.join(''), 'utf8');
  const key = exportKey(day, options.prefix);
  const input: PutObjectCommandInput = {
    Bucket: bucket,
    Key: key,
    Body: body,
    ContentType: 'application/x-ndjson',
    // S3 refuses Object Lock uploads without an integrity checksum header; one is sent on every upload.
    ChecksumAlgorithm: 'SHA256',
    ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
  };
  if (options.retention) {
    const { mode, days } = options.retention;
    if (!Number.isInteger(days) || days < 1) {
      throw new RangeError(`retention.days: expected a whole number of days of at least 1, got ${days}`);
    }
    input.ObjectLockMode = mode;
    input.ObjectLockRetainUntilDate = new Date((options.now ?? new Date()).getTime() + days * DAY_MS);
  }
  const out = await s3Client.send(new PutObjectCommand(input));
  return {
    bucket,
    key,
    records: lines.length,
    bytes: body.length,
    ...(out.VersionId === undefined ? {} : { versionId: out.VersionId }),
  };
}
