/**
 * The baseline as a JSON file, for the CLI: the same document the stack keeps in S3. Writes go to
 * a temporary file renamed into place, so an interrupted write never leaves half a baseline.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Baseline, serializeBaseline } from '../core/drift/baseline';
import { parseBaseline } from '../core/drift/parse-baseline';
import { BaselineConflictError, BaselineStoreError } from '../core/drift/store-errors';
import type { BaselineStore, StoredBaseline } from '../ports';

// Checked by shape: errors from Node's fs need not be instances of this realm's Error.
function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}

/** Reads and checks a baseline file; throws `BaselineStoreError` when unreadable, `BaselineFormatError` when malformed. */
export async function readBaselineFile(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new BaselineStoreError(`baseline ${file}: cannot read it (${messageOf(error)})`);
  }
  return parseBaseline(text, file);
}

export async function writeBaselineFile(file: string, baseline: Baseline): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, serializeBaseline(baseline), 'utf8');
    await rename(temporary, file);
  } catch (error: unknown) {
    throw new BaselineStoreError(`baseline ${file}: cannot write it (${messageOf(error)})`);
  }
}

/** A `BaselineStore` over one file; the etag is the file's text, so a save refuses a file changed meanwhile. */
export class FileBaselineStore implements BaselineStore {
  constructor(readonly location: string) {}

  async load(): Promise<StoredBaseline | undefined> {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (error: unknown) {
      if (isMissing(error)) return undefined;
      throw new BaselineStoreError(`baseline ${this.location}: cannot read it (${messageOf(error)})`);
    }
    return { baseline: parseBaseline(text, this.location), etag: text };
  }

  async save(baseline: Baseline, options: { ifMatch?: string; ifNoneMatch?: '*' } = {}): Promise<{ etag?: string }> {
    if (options.ifMatch !== undefined || options.ifNoneMatch !== undefined) {
      const now = await readFile(this.location, 'utf8').catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw new BaselineStoreError(`baseline ${this.location}: cannot read it (${messageOf(error)})`);
      });
      if (options.ifNoneMatch !== undefined && now !== undefined) {
        throw new BaselineConflictError(
          `the baseline ${this.location} already exists: it is never replaced by a capture`,
        );
      }
      if (options.ifMatch !== undefined && now !== options.ifMatch) {
        throw new BaselineConflictError(`the baseline ${this.location} changed since it was loaded: load it again`);
      }
    }
    await writeBaselineFile(this.location, baseline);
    return { etag: serializeBaseline(baseline) };
  }
}
