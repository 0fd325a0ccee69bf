/**
 * The ports: everything the engine needs from the outside world. Each has an AWS adapter
 * (`lambdas/aws/`, SDK v3) and an embedded one (`lambdas/local/`). Handlers and the CLI pick the
 * adapter; the engine in `lambdas/core` never sees which.
 */
import type { HistoryQuery } from './core/history/query';
import type { HistoryRecord } from './core/history/records';
import type { Diagnostic, Snapshot } from './core/model/snapshot';

// ---- NetworkReader -------------------------------------------------------------------------

/** What to read: everything, or only the named resources (the change responder re-describes only what a change touched). */
export interface ReadScope {
  resourceIds?: string[];
}

export interface SnapshotRead {
  snapshot: Snapshot;
  diagnostics: Diagnostic[];
  /** Where it came from, for messages: a folder path, `example:acme`, `aws:eu-west-1`. */
  origin: string;
}

export interface NetworkReader {
  read(scope?: ReadScope): Promise<SnapshotRead>;
}

// ---- HistoryStore --------------------------------------------------------------------------

/** One page of a history query; `cursor` is absent on the last page and is opaque to callers. */
export interface HistoryPage {
  records: HistoryRecord[];
  cursor?: string;
}

export interface HistoryPageRequest {
  /** Records per page (default 100). */
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}

/**
 * The append-only audit history. There is deliberately no update and no delete: a record is
 * written once (writing the same record key again is refused with `HistoryOverwriteError`) and
 * only the table's retention (TTL) removes it.
 */
export interface HistoryStore {
  append(record: HistoryRecord): Promise<void>;
  /** Writes every record; when some fail, the rest are still written and a `HistoryWriteError` lists the failures. */
  appendAll(records: readonly HistoryRecord[]): Promise<void>;
  query(query: HistoryQuery, page?: HistoryPageRequest): Promise<HistoryPage>;
  /** Every matching record, page after page. */
  iterate(query: HistoryQuery, pageSize?: number): AsyncIterable<HistoryRecord>;
}

// ---- Notifier ------------------------------------------------------------------------------

/** What a notification is about, so subscribers can filter (SNS message attribute `kind`). */
export type NotificationKind = 'change' | 'alarm' | 'assurance';

/**
 * One message to the security team. The body says what changed, who changed it, why it is
 * dangerous (the network path as evidence), what was done and the command that undoes it.
 */
export interface Notification {
  kind: NotificationKind;
  /** One line of at most 100 characters (the e-mail subject). */
  subject: string;
  /** The worst severity in the message; `info` when nothing is wrong. */
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  body: string;
  /** Facts for machines (chat, ticketing): event id, resource ids, rule ids. */
  attributes: Record<string, string>;
}

export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

// ---- NetworkWriter -------------------------------------------------------------------------

import type { RemediationAction, TouchedKind } from './core/remediation/actions';
import type { ApplyReport } from './core/remediation/apply-per-resource';
import type { ResourceState } from './core/remediation/before-state';

export type { ActionOutcome, ApplyReport, WriteStatus } from './core/remediation/apply-per-resource';

export interface ApplyOptions {
  /**
   * Called once with the before-state of every touched resource, after reading it and before the
   * first write. When it throws, nothing is written and `apply` rejects with that error.
   */
  recordBeforeState(states: ResourceState[]): Promise<void>;
}

/**
 * Applies remediation actions to the network: the AWS adapter calls EC2, the embedded one changes
 * a snapshot and writes it to a new folder. Both are idempotent and isolate failures per resource:
 * one failing resource never stops the others.
 */
export interface NetworkWriter {
  /** The current state of the named resources (a resource that does not exist comes back `found: false`). */
  describe(resources: readonly { resourceId: string; kind: TouchedKind }[]): Promise<ResourceState[]>;
  apply(actions: readonly RemediationAction[], options: ApplyOptions): Promise<ApplyReport>;
}

// ---- BaselineStore -------------------------------------------------------------------------

import type { Baseline } from './core/drift/baseline';

/** A baseline as stored, with the store's version of it (the S3 VersionId; a file has none). */
export interface StoredBaseline {
  baseline: Baseline;
  version?: string;
  /** Opaque token of this exact version; pass it to `save` to refuse overwriting a newer baseline. */
  etag?: string;
}

/**
 * Where the approved baseline lives: a versioned S3 object in the stack, a JSON file for the CLI.
 * Every save is a new version, so an approval can always be traced and undone.
 */
export interface BaselineStore {
  /** The current baseline, or undefined when none was captured yet. */
  load(): Promise<StoredBaseline | undefined>;
  /** Writes a new version; with `ifMatch`, only when the stored one is still that version (else `BaselineConflictError`). */
  /** `ifMatch`: replace only the version that was loaded; `ifNoneMatch: '*'`: create only, never replace. */
  save(
    baseline: Baseline,
    options?: { ifMatch?: string; ifNoneMatch?: '*' },
  ): Promise<{ version?: string; etag?: string }>;
  /** Where it lives, for messages: a file path or `s3://bucket/key`. */
  readonly location: string;
}
