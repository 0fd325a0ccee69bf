import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from './cli-io';

const ec2 = mockClient(EC2Client);

describe('netwarden snapshot', () => {
  let dir: string;

  beforeEach(async () => {
    ec2.reset();
    ec2.onAnyCommand().resolves({});
    dir = await mkdtemp(join(tmpdir(), 'netwarden-snapshot-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  afterAll(() => ec2.restore());

  it('writes the region as a snapshot folder that scan can read, with progress on stderr', async () => {
    // Prepare
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0aaaaaaaaaaaaaaa1', CidrBlock: '10.0.0.0/16' }] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-0aaaaaaaaaaaaaaa1',
          GroupName: 'open-ssh',
          VpcId: 'vpc-0aaaaaaaaaaaaaaa1',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          IpPermissionsEgress: [],
        },
      ],
    });
    // Act
    const snapshot = await run(['snapshot', '--region', 'eu-west-1', '--out', dir]);
    const scan = await run(['scan', '--snapshot', dir, '--format', 'json']);
    // Assess
    expect(snapshot.code).toBe(0);
    expect(snapshot.out).toContain(`to ${dir} from aws:eu-west-1: 1 VPC(s), 0 subnet(s), 1 security group(s)`);
    expect(snapshot.err).toContain('DescribeVpcs: 1 item(s)');
    expect(snapshot.err).toContain('DescribeFlowLogs: 0 item(s)');
    expect(JSON.parse(await readFile(join(dir, 'describe-vpcs.json'), 'utf8'))).toEqual({
      Vpcs: [{ VpcId: 'vpc-0aaaaaaaaaaaaaaa1', CidrBlock: '10.0.0.0/16' }],
    });
    const findings = JSON.parse(scan.out).findings as { ruleId: string; resourceId: string }[];
    expect(findings).toContainEqual(
      expect.objectContaining({ ruleId: 'sg-risky-port-open-to-internet', resourceId: 'sg-0aaaaaaaaaaaaaaa1' }),
    );
  });

  it('builds the EC2 client for the given Region and named profile', async () => {
    // Prepare
    const args = ['snapshot', '--region', 'ap-southeast-2', '--profile', 'audit', '--out', dir];
    // Act
    const { code } = await run(args);
    // Assess
    expect(code).toBe(0);
    const client = ec2.call(0).thisValue as EC2Client;
    expect(client.config.profile).toBe('audit');
    expect(await client.config.region()).toBe('ap-southeast-2');
  });

  it('warns about JSON files in --out that this snapshot did not write', async () => {
    // Prepare
    const stale = join(dir, 'get-managed-prefix-list-entries', 'pl-0ffffffffffffff01.json');
    await mkdir(join(dir, 'get-managed-prefix-list-entries'), { recursive: true });
    await writeFile(stale, JSON.stringify({ PrefixListId: 'pl-0ffffffffffffff01', Entries: [] }));
    // Act
    const { code, err } = await run(['snapshot', '--region', 'eu-west-1', '--out', dir]);
    // Assess
    expect(code).toBe(0);
    expect(err).toContain(`warning: ${stale} is not from this snapshot`);
  });

  it('exits 1 naming the denied call when access is denied', async () => {
    // Prepare
    ec2.on(DescribeNetworkAclsCommand).rejects(
      new EC2ServiceException({
        name: 'UnauthorizedOperation',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'You are not authorized to perform this operation.',
      }),
    );
    // Act
    const { code, err } = await run(['snapshot', '--region', 'eu-west-1', '--out', dir]);
    // Assess
    expect(code).toBe(1);
    expect(err).toContain('AwsReadError: ec2:DescribeNetworkAcls was denied in eu-west-1 (UnauthorizedOperation)');
  });

  it('requires --region and --out', async () => {
    // Prepare
    // Act
    const { code, err } = await run(['snapshot', '--out', dir]);
    // Assess
    expect(code).toBe(1);
    expect(err).toContain("required option '--region <region>' not specified");
  });
});
