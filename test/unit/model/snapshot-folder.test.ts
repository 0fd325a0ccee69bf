import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { emptySnapshot } from '../../../lambdas/core/model/snapshot';
import {
  EXAMPLE_SNAPSHOT_DIR,
  readSnapshotPath,
  resolveSnapshotInput,
  SnapshotReadError,
  writeSnapshotFolder,
} from '../../../lambdas/local/snapshot-folder';
import { MERGED_FIXTURE, NESTED_FIXTURE } from './fixture-paths';

describe('snapshot folders', () => {
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'netwarden-snapshot-'));
  });

  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads a folder of any depth, with pl- and tgw-rtb- named files, without diagnostics', async () => {
    // Prepare
    const folder = NESTED_FIXTURE;

    // Act
    const read = await readSnapshotPath(folder);

    // Assess
    expect(read.diagnostics).toEqual([]);
    expect(read.origin).toBe(folder);
    const s = read.snapshot;
    expect(s.Vpcs.map((v) => v.VpcId)).toEqual(['vpc-11111111', 'vpc-22222222']);
    expect(s.Subnets).toHaveLength(3);
    expect(s.SecurityGroups).toHaveLength(4);
    expect(s.SecurityGroupRules).toHaveLength(6);
    expect(s.NetworkInterfaces).toHaveLength(4);
    expect(s.Reservations[0]?.Instances[0]?.InstanceId).toBe('i-0f0f0f0f');
    expect(s.PrefixListEntries['pl-0aaa1111']?.map((e) => e.Cidr)).toEqual(['198.51.100.0/24', '192.0.2.0/24']);
    expect(s.TransitGatewayRoutes['tgw-rtb-0abc1234']).toHaveLength(1);
    expect(s.TransitGatewayRouteTables).toHaveLength(1);
    expect(s.FlowLogs).toHaveLength(1);
  });

  it('reads one merged file given as the path', async () => {
    // Prepare
    const file = MERGED_FIXTURE;

    // Act
    const read = await readSnapshotPath(file);

    // Assess
    expect(read.diagnostics).toEqual([]);
    expect(read.snapshot.NetworkInterfaces.map((e) => e.NetworkInterfaceId)).toEqual(['eni-05050505']);
    expect(read.snapshot.PrefixListEntries['pl-0ccc3333']).toEqual([{ Cidr: '10.2.0.0/16' }]);
  });

  it('reads files in sorted path order, so diagnostics and duplicates resolve the same way every time', async () => {
    // Prepare
    await mkdir(path.join(scratch, 'b'), { recursive: true });
    await writeFile(
      path.join(scratch, 'b', 'vpcs.json'),
      JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.2.0.0/16' }] }),
    );
    await writeFile(
      path.join(scratch, 'a.json'),
      JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16' }] }),
    );
    await writeFile(path.join(scratch, 'notes.txt'), 'not a snapshot file');

    // Act
    const read = await readSnapshotPath(scratch);

    // Assess
    expect(read.snapshot.Vpcs).toEqual([{ VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16' }]);
    expect(read.diagnostics).toEqual([
      expect.objectContaining({ level: 'warning', source: path.join(scratch, 'b', 'vpcs.json'), path: '$.Vpcs[0]' }),
    ]);
  });

  it('keeps the good files of a folder that also holds a broken one, naming the broken file', async () => {
    // Prepare
    await writeFile(path.join(scratch, 'vpcs.json'), JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1' }] }));
    await writeFile(path.join(scratch, 'subnets.json'), '{ "Subnets": [ { "SubnetId": "subnet-1", } ] }');

    // Act
    const read = await readSnapshotPath(scratch);

    // Assess
    expect(read.snapshot.Vpcs).toHaveLength(1);
    expect(read.diagnostics).toEqual([
      expect.objectContaining({ level: 'error', source: path.join(scratch, 'subnets.json'), path: '$' }),
    ]);
  });

  it.each([
    ['a missing path', (dir: string) => path.join(dir, 'nope'), /cannot read snapshot path .*nope: it does not exist/],
    ['a folder without JSON files', (dir: string) => dir, /no snapshot files in/],
  ])('throws SnapshotReadError for %s', async (_label, pathOf, message) => {
    // Prepare
    const target = pathOf(scratch);

    // Act
    const reading = readSnapshotPath(target);

    // Assess
    await expect(reading).rejects.toThrow(SnapshotReadError);
    await expect(readSnapshotPath(target)).rejects.toThrow(message);
  });

  it('throws SnapshotReadError when no JSON file holds a snapshot key', async () => {
    // Prepare
    await writeFile(path.join(scratch, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));

    // Act
    const reading = readSnapshotPath(scratch);

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'SnapshotReadError',
      message: expect.stringMatching(/no snapshot data/),
    });
  });

  it('writes a folder that reads back to an equal snapshot', async () => {
    // Prepare
    const original = (await readSnapshotPath(NESTED_FIXTURE)).snapshot;
    const merged = (await readSnapshotPath(MERGED_FIXTURE)).snapshot;
    const combined = {
      ...original,
      Vpcs: [...original.Vpcs, ...merged.Vpcs],
      PrefixListEntries: { ...original.PrefixListEntries, ...merged.PrefixListEntries },
      TransitGatewayRoutes: { ...original.TransitGatewayRoutes, ...merged.TransitGatewayRoutes },
    };

    // Act
    const written = await writeSnapshotFolder(combined, path.join(scratch, 'out'));
    const readBack = await readSnapshotPath(path.join(scratch, 'out'));

    // Assess
    expect(readBack.diagnostics).toEqual([]);
    expect(readBack.snapshot).toEqual(combined);
    expect(written).toContain(path.join(scratch, 'out', 'get-managed-prefix-list-entries', 'pl-0ccc3333.json'));
    expect(written).toContain(path.join(scratch, 'out', 'search-transit-gateway-routes', 'tgw-rtb-0abc1234.json'));
    expect(written).toContain(path.join(scratch, 'out', 'describe-instances.json'));
  });

  it('round-trips an empty snapshot', async () => {
    // Prepare
    const empty = emptySnapshot();

    // Act
    await writeSnapshotFolder(empty, scratch);
    const readBack = await readSnapshotPath(scratch);

    // Assess
    expect(readBack.snapshot).toEqual(empty);
  });

  it('resolves no path to the embedded example account, which loads without errors', async () => {
    // Prepare
    const noPath = undefined;

    // Act
    const read = await resolveSnapshotInput(noPath);

    // Assess
    expect(read.origin).toBe('example:acme');
    expect(EXAMPLE_SNAPSHOT_DIR).toBe(path.resolve(__dirname, '../../../examples/acme/snapshot'));
    expect(read.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    expect(read.snapshot.Vpcs.length).toBeGreaterThan(0);
  });
});
