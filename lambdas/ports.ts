/**
 * The ports: everything the engine needs from the outside world. Each has an AWS adapter
 * (`lambdas/aws/`, SDK v3) and an embedded one (`lambdas/local/`). Handlers and the CLI pick the
 * adapter; the engine in `lambdas/core` never sees which.
 */
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
