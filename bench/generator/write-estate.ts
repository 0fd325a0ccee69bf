import { writeSnapshotFolder } from '../../lambdas/local/snapshot-folder';
import type { EstateInput } from './estate-options';
import { generateEstate } from './generate-estate';

/** Generates an estate and writes it as a snapshot folder (AWS CLI file layout); returns the written paths. */
export async function writeEstate(dir: string, options: EstateInput = {}): Promise<string[]> {
  return writeSnapshotFolder(generateEstate(options), dir);
}
