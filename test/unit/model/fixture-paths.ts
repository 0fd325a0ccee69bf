import * as path from 'node:path';

/** Hand-written AWS-shaped snapshots used by the model tests. */
export const NESTED_FIXTURE = path.resolve(__dirname, '../../fixtures/snapshots/nested');
export const MERGED_FIXTURE = path.resolve(__dirname, '../../fixtures/snapshots/merged/account.json');
