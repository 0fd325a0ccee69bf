/**
 * The embedded `NetworkWriter`: applies remediation actions to a snapshot, with the same outcomes
 * AWS gives (see `applyActionInPlace`), and writes the result to a new snapshot folder. The input
 * snapshot and its folder are never changed.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { cloneSnapshot, type Snapshot } from '../core/model/snapshot';
import type { RemediationAction, TouchedKind } from '../core/remediation/actions';
import { ActionWriteError, applyPerResource } from '../core/remediation/apply-per-resource';
import { ApplyToSnapshotError, applyActionInPlace } from '../core/remediation/apply-to-snapshot';
import { type ResourceState, stateFromSnapshot } from '../core/remediation/before-state';
import type { ApplyOptions, ApplyReport, NetworkWriter } from '../ports';
import { writeSnapshotFolder } from './snapshot-folder';

/** The code AWS answers when the change is already in place, reported with `already-in-desired-state`. */
const ALREADY_CODE: Partial<Record<RemediationAction['api'], string>> = {
  RevokeSecurityGroupIngress: 'InvalidPermission.NotFound',
  RevokeSecurityGroupEgress: 'InvalidPermission.NotFound',
  AuthorizeSecurityGroupIngress: 'InvalidPermission.Duplicate',
  AuthorizeSecurityGroupEgress: 'InvalidPermission.Duplicate',
  DeleteNetworkAclEntry: 'InvalidNetworkAclEntry.NotFound',
  DeleteRoute: 'InvalidRoute.NotFound',
  DeleteFlowLogs: 'InvalidFlowLogId.NotFound',
  CreateFlowLogs: 'FlowLogAlreadyExists',
};

export class OutputFolderError extends Error {
  override readonly name = 'OutputFolderError';
}

export class SnapshotNetworkWriter implements NetworkWriter {
  private current: Snapshot;
  private writtenFiles: string[] = [];

  /** `outDir` receives the changed snapshot after each `apply`; it must be new or empty (see `assertUsableOutputFolder`). */
  constructor(
    snapshot: Snapshot,
    readonly outDir: string,
  ) {
    this.current = cloneSnapshot(snapshot);
  }

  /** The snapshot as it stands after the applied actions. */
  get snapshot(): Snapshot {
    return cloneSnapshot(this.current);
  }

  get written(): readonly string[] {
    return this.writtenFiles;
  }

  async describe(resources: readonly { resourceId: string; kind: TouchedKind }[]): Promise<ResourceState[]> {
    return resources.map(({ resourceId, kind }) => stateFromSnapshot(this.current, resourceId, kind));
  }

  async apply(actions: readonly RemediationAction[], options: ApplyOptions): Promise<ApplyReport> {
    const draft = cloneSnapshot(this.current);
    const report = await applyPerResource(actions, options.recordBeforeState, {
      describe: async (resourceId, kind) => stateFromSnapshot(draft, resourceId, kind),
      execute: async (action) => {
        try {
          if (applyActionInPlace(draft, action) === 'changed') return { status: 'applied', attempts: 1 };
          const code = ALREADY_CODE[action.api];
          return code === undefined
            ? { status: 'already-in-desired-state', attempts: 1 }
            : { status: 'already-in-desired-state', code, attempts: 1 };
        } catch (error: unknown) {
          if (error instanceof ApplyToSnapshotError) throw new ActionWriteError(error.code, error.message, 1);
          throw error;
        }
      },
    });
    this.current = draft;
    this.writtenFiles = await writeSnapshotFolder(draft, this.outDir);
    return report;
  }
}

/**
 * An output folder must not be the input (or inside it, or contain it) and must be absent or
 * empty: the snapshot reader merges every JSON file of a folder, so leftovers would mix two states.
 */
export async function assertUsableOutputFolder(outDir: string, inputPath?: string): Promise<void> {
  const out = path.resolve(outDir);
  if (inputPath !== undefined) {
    const input = path.resolve(inputPath);
    const inside = (a: string, b: string) => a === b || a.startsWith(`${b}${path.sep}`);
    if (inside(out, input) || inside(input, out)) {
      throw new OutputFolderError(
        `--out ${outDir} overlaps the input snapshot ${inputPath}: write the result to a new folder`,
      );
    }
  }
  const entries = await readdir(out).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return [];
    throw new OutputFolderError(
      `--out ${outDir} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  if (entries.length > 0) throw new OutputFolderError(`--out ${outDir} is not empty: give a new or empty folder`);
}

/** The `code` of a Node.js system error (checked structurally: under jest, fs errors come from another realm). */
function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
