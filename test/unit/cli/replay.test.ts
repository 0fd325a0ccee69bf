import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_EVENTS_DIR } from '../../../lambdas/cli/commands/replay';
import type { SecurityGroup } from '../../../lambdas/core/model/aws-types';
import type { ReplayedEvent } from '../../../lambdas/local/replay/replay-session';
import { EXAMPLE_SNAPSHOT_DIR, readSnapshotPath } from '../../../lambdas/local/snapshot-folder';
import { type Captured, run } from './cli-io';

interface ReplayJson {
  account: { origin: string; out: string | null; written: boolean; actionsApplied: number };
  history: { location: string };
  events: ReplayedEvent[];
  summary: { total: number; byStatus: Record<string, number> };
}

const BASTION_SG = 'sg-0009b4e713a5634dd';
const SSH_EVENT_ID = 'b28cd6d8-7190-4107-a8f8-a918b4cf44b7';

let tmp: string;
let example: Captured;
let replayed: ReplayJson;

const eventOf = (file: string): ReplayedEvent => {
  const event = replayed.events.find((e) => e.file.endsWith(`/${file}`));
  if (event === undefined) throw new Error(`no replayed event for ${file}`);
  return event;
};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'netwarden-replay-test-'));
  example = await run(['replay', '--format', 'json', '--out', join(tmp, 'after')]);
  replayed = JSON.parse(example.out) as ReplayJson;
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('netwarden replay of the example events', () => {
  it('replays every example event in name order and exits 0', () => {
    // Prepare
    const expected = [
      'cloudtrail-authorize-ingress-ssh-open-by-group-name.json',
      'cloudtrail-authorize-ingress-ssh-open-duplicate-delivery.json',
      'cloudtrail-authorize-ingress-unauthorized.json',
    ];

    // Act
    const files = replayed.events.map((e) => e.file.slice(EXAMPLE_EVENTS_DIR.length + 1));

    // Assess
    expect(example.code).toBe(0);
    expect(files.slice(0, 3)).toEqual(expected);
    expect(files).toEqual([...files].sort());
    expect(replayed.summary.total).toBe(15);
    expect(replayed.events.filter((e) => e.status === 'malformed' || e.status === 'failed')).toEqual([]);
  });

  it('revokes exactly the SSH source the AuthorizeSecurityGroupIngress opened, because it is proved safe', () => {
    // Prepare
    const event = eventOf('cloudtrail-authorize-ingress-ssh-open-by-group-name.json');

    // Act
    const decision = event.decisions.find((d) => d.resourceId === BASTION_SG);

    // Assess
    expect(event).toMatchObject({ trigger: 'cloudtrail', eventId: SSH_EVENT_ID, status: 'evaluated' });
    expect(event.findings).toEqual([
      expect.objectContaining({
        ruleId: 'sg-risky-port-open-to-internet',
        resourceId: BASTION_SG,
        severity: 'critical',
        exposure: expect.objectContaining({
          reachableFromInternet: true,
          exposedInterfaces: ['eni-045fae9355eecbdc4'],
        }),
      }),
    ]);
    expect(decision).toMatchObject({ mode: 'auto', outcome: 'remediate', verification: { passed: true } });
    expect(event.actions).toEqual([
      {
        api: 'RevokeSecurityGroupIngress',
        resourceId: BASTION_SG,
        params: { GroupId: BASTION_SG, SecurityGroupRuleIds: ['sgr-08c25c2670c0fe6e8'] },
        status: 'applied',
        code: null,
        message: null,
      },
    ]);
    expect(event.notifications).toHaveLength(1);
    expect(event.notifications[0]?.subject).toContain('(remediated)');
    expect(event.notifications[0]?.body).toContain('Undo: aws ec2 authorize-security-group-ingress');
  });

  it('writes the account after the replay to --out: the SSH source is gone, the bastion group keeps its other rules', async () => {
    // Prepare
    const before = (await readSnapshotPath(EXAMPLE_SNAPSHOT_DIR)).snapshot.SecurityGroups.find(
      (g) => g.GroupId === BASTION_SG,
    ) as SecurityGroup;

    // Act
    const written = JSON.parse(await readFile(join(tmp, 'after', 'describe-security-groups.json'), 'utf8')) as {
      SecurityGroups: SecurityGroup[];
    };
    const after = written.SecurityGroups.find((g) => g.GroupId === BASTION_SG) as SecurityGroup;

    // Assess
    const sshRanges = (g: SecurityGroup) =>
      (g.IpPermissions ?? []).filter((p) => p.FromPort === 22).flatMap((p) => (p.IpRanges ?? []).map((r) => r.CidrIp));
    expect(sshRanges(before)).toContain('0.0.0.0/0');
    expect(sshRanges(after)).not.toContain('0.0.0.0/0');
    expect(sshRanges(after)).toEqual(sshRanges(before).filter((cidr) => cidr !== '0.0.0.0/0'));
    expect(replayed.account).toMatchObject({ written: true, out: join(tmp, 'after') });
  });

  it('skips the duplicate delivery of the same eventID through idempotency', () => {
    // Act
    const event = eventOf('cloudtrail-authorize-ingress-ssh-open-duplicate-delivery.json');

    // Assess
    expect(event).toMatchObject({ eventId: SSH_EVENT_ID, status: 'skipped-duplicate' });
    expect(event.actions).toEqual([]);
    expect(event.notifications).toEqual([]);
    expect(event.recorded).toEqual({});
  });

  it("ignores NetWarden's own change and skips a call that failed", () => {
    // Act
    const own = eventOf('cloudtrail-revoke-ingress-by-netwarden.json');
    const failed = eventOf('cloudtrail-authorize-ingress-unauthorized.json');

    // Assess
    expect(own).toMatchObject({ status: 'ignored', reason: expect.stringContaining('own change') });
    expect(failed).toMatchObject({
      status: 'skipped-failed-call',
      reason: expect.stringContaining('Client.UnauthorizedOperation'),
    });
    for (const e of [own, failed]) {
      expect(e.findings).toEqual([]);
      expect(e.actions).toEqual([]);
      expect(e.notifications).toEqual([]);
    }
  });

  it('reports the Config security-group change as NON_COMPLIANT, as PutEvaluations would receive it', () => {
    // Act
    const event = eventOf('config-change-notification-security-group.json');

    // Assess
    expect(event).toMatchObject({ trigger: 'config-rule', status: 'evaluated', putEvaluationsCalls: 1 });
    expect(event.evaluations).toEqual([
      expect.objectContaining({
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: BASTION_SG,
        compliance: 'NON_COMPLIANT',
        annotation: expect.stringContaining('sg-risky-port-open-to-internet'),
      }),
    ]);
    expect(event.evaluations[0]?.annotation.length).toBeLessThanOrEqual(256);
  });

  it('answers an oversized notification from the account and a deleted group with NOT_APPLICABLE', () => {
    // Act
    const oversized = eventOf('config-oversized-change-notification-security-group.json');
    const deleted = eventOf('config-change-notification-security-group-deleted.json');

    // Assess
    expect(oversized.evaluations).toEqual([
      expect.objectContaining({ resourceId: 'sg-0d7267251fa05346d', compliance: 'NON_COMPLIANT' }),
    ]);
    expect(deleted.evaluations).toEqual([
      expect.objectContaining({ resourceId: 'sg-0f1e2d3c4b5a69788', compliance: 'NOT_APPLICABLE' }),
    ]);
  });

  it('evaluates every network resource of the account on the scheduled Config notification', async () => {
    // Prepare
    const { snapshot } = await readSnapshotPath(EXAMPLE_SNAPSHOT_DIR);
    const everyResource = [
      ...snapshot.SecurityGroups.map((r) => r.GroupId),
      ...snapshot.NetworkAcls.map((r) => r.NetworkAclId),
      ...snapshot.RouteTables.map((r) => r.RouteTableId),
      ...snapshot.Subnets.map((r) => r.SubnetId),
      ...snapshot.Vpcs.map((r) => r.VpcId),
    ].sort();

    // Act
    const event = eventOf('config-scheduled-notification.json');

    // Assess
    expect(event.status).toBe('evaluated');
    expect(event.evaluations.map((e) => e.resourceId).sort()).toEqual(everyResource);
    expect(event.evaluations.some((e) => e.compliance === 'NON_COMPLIANT')).toBe(true);
  });

  it('answers the alarm with an assurance sweep and a notification', () => {
    // Act
    const event = eventOf('cloudwatch-alarm-state-change-security-group-changes.json');

    // Assess
    expect(event).toMatchObject({ trigger: 'alarm', status: 'checked' });
    expect(event.assurance?.intents.length).toBeGreaterThan(0);
    expect(event.notifications).toEqual([expect.objectContaining({ kind: 'alarm' })]);
  });
});

describe('netwarden replay inputs', () => {
  it('reports a malformed event with its file and id, replays the others and exits 1', async () => {
    // Prepare
    const good = join(EXAMPLE_EVENTS_DIR, 'cloudtrail-revoke-ingress.json');
    const raw = JSON.parse(await readFile(good, 'utf8')) as { detail: Record<string, unknown> };
    raw.detail.eventName = 'DescribeInstances';
    const bad = join(tmp, 'bad-event-name.json');
    await writeFile(bad, JSON.stringify(raw));
    const notJson = join(tmp, 'not-json.json');
    await writeFile(notJson, '{"version": ');

    // Act
    const missing = join(tmp, 'missing.json');
    const result = await run(['replay', '--format', 'json', bad, notJson, missing, good]);

    // Assess
    const output = JSON.parse(result.out) as ReplayJson;
    expect(result.code).toBe(1);
    expect(output.events.map((e) => e.status)).toEqual(['malformed', 'malformed', 'malformed', 'evaluated']);
    expect(output.events[0]).toMatchObject({
      file: bad,
      eventId: '4c62efa2-3d77-4900-abd6-b9dc3029ebe4',
      error: { path: '$.detail.eventName', message: expect.stringContaining('DescribeInstances') },
    });
    expect(result.err).toContain(`${bad}: event 4c62efa2-3d77-4900-abd6-b9dc3029ebe4 malformed: $.detail.eventName`);
    expect(result.err).toContain(`${notJson}: event unknown-event malformed: $: not JSON`);
    expect(result.err).toContain(
      `${missing}: event unknown-event malformed: cannot read the event file: it does not exist`,
    );
  });

  it('takes the remediation modes from --mode-config: notify reports the SSH opening without revoking it', async () => {
    // Prepare
    const settings = join(tmp, 'settings.json');
    await writeFile(
      settings,
      JSON.stringify({ remediation: { version: 1, modes: { 'sg-risky-port-open-to-internet': 'notify' } } }),
    );
    const ssh = join(EXAMPLE_EVENTS_DIR, 'cloudtrail-authorize-ingress-ssh-open-by-group-name.json');

    // Act
    const result = await run(['replay', '--format', 'json', '--mode-config', settings, ssh]);

    // Assess
    const event = (JSON.parse(result.out) as ReplayJson).events[0];
    expect(result.code).toBe(0);
    expect(event?.decisions).toEqual([expect.objectContaining({ mode: 'notify', outcome: 'notify' })]);
    expect(event?.actions).toEqual([]);
    expect(event?.notifications[0]?.body).toContain('Suggested fix (not applied)');
  });

  it('keeps the idempotency records in --state: a second replay skips the same CloudTrail event', async () => {
    // Prepare
    const state = join(tmp, 'state');
    const ssh = join(EXAMPLE_EVENTS_DIR, 'cloudtrail-authorize-ingress-ssh-open-by-group-name.json');
    await run(['replay', '--state', state, ssh]);

    // Act
    const second = await run(['replay', '--format', 'json', '--state', state, ssh]);

    // Assess
    const output = JSON.parse(second.out) as ReplayJson;
    expect(output.history.location).toBe(state);
    expect(output.events[0]?.status).toBe('skipped-duplicate');
  }, 30_000);

  it('ignores only the roles --own-role names once it is given', async () => {
    // Prepare
    const own = join(EXAMPLE_EVENTS_DIR, 'cloudtrail-revoke-ingress-by-netwarden.json');

    // Act
    const result = await run([
      'replay',
      '--format',
      'json',
      '--own-role',
      'arn:aws:iam::111122223333:role/SomeoneElse',
      own,
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as ReplayJson).events[0]?.status).toBe('evaluated');
  });

  it('says in text output that the changed account is kept in memory only without --out', async () => {
    // Prepare
    const ssh = join(EXAMPLE_EVENTS_DIR, 'cloudtrail-authorize-ingress-ssh-open-by-group-name.json');

    // Act
    const result = await run(['replay', ssh]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain(`CloudTrail, event ${SSH_EVENT_ID}`);
    expect(result.out).toContain('Action: RevokeSecurityGroupIngress');
    expect(result.out).toContain('in memory only');
  });

  it('explains inputs, defaults and exit codes in --help', async () => {
    // Act
    const result = await run(['replay', '--help']);

    // Assess
    expect(result.code).toBe(0);
    for (const text of ['EVENT_FILES', '--snapshot', '--state', '--out', '--mode-config', '--intents', 'Exit codes']) {
      expect(result.out).toContain(text);
    }
  });

  it('rejects an unknown --format', async () => {
    // Act
    const result = await run(['replay', '--format', 'yaml']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain('--format "yaml"');
  });
});
