import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureBaseline, serializeBaseline } from '../../../lambdas/core/drift/baseline';
import { BaselineConflictError, BaselineStoreError } from '../../../lambdas/core/drift/store-errors';
import { emptySnapshot } from '../../../lambdas/core/model/snapshot';
import { FileBaselineStore, readBaselineFile } from '../../../lambdas/local/baseline-file';

const baseline = captureBaseline(
  { ...emptySnapshot(), Vpcs: [{ VpcId: 'vpc-032a799282ffebf17' }] },
  { capturedAt: '2026-11-01T00:00:00.000Z', origin: 'example:acme' },
);

describe('FileBaselineStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'netwarden-baseline-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers undefined before the first save, then loads what was saved', async () => {
    // Prepare
    const store = new FileBaselineStore(path.join(dir, 'baseline.json'));

    // Act
    const before = await store.load();
    await store.save(baseline);
    const after = await store.load();

    // Assess
    expect(before).toBeUndefined();
    expect(after?.baseline).toEqual(baseline);
    expect(await readFile(store.location, 'utf8')).toBe(serializeBaseline(baseline));
  });

  it('refuses to overwrite a file changed since it was loaded', async () => {
    // Prepare
    const store = new FileBaselineStore(path.join(dir, 'baseline.json'));
    await store.save(baseline);
    const loaded = await store.load();
    await writeFile(store.location, serializeBaseline({ ...baseline, origin: 'someone else' }));

    // Act
    const act = store.save(baseline, loaded?.etag ? { ifMatch: loaded.etag } : {});

    // Assess
    await expect(act).rejects.toThrow(BaselineConflictError);
  });

  it('names the file it cannot read', async () => {
    // Prepare
    const missing = path.join(dir, 'nope.json');

    // Act
    const act = readBaselineFile(missing);

    // Assess
    await expect(act).rejects.toThrow(BaselineStoreError);
    await expect(act).rejects.toThrow(`baseline ${missing}: cannot read it`);
  });
});
