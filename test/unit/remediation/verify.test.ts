import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../../../lambdas/core/findings/finding';
import { parseIntents, verifyIntents } from '../../../lambdas/core/intents';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import { analyzePath } from '../../../lambdas/core/reach';
import { defaultRemediationConfig } from '../../../lambdas/core/remediation/config';
import { planFor } from '../../../lambdas/core/remediation/planner';
import { evaluateRemediations } from '../../../lambdas/core/remediation/remediate';
import { type IntentChecker, verifyPlan, verifyPlans } from '../../../lambdas/core/remediation/verify';
import { runRules } from '../../../lambdas/core/rules';
import { readSnapshotPath } from '../../../lambdas/local/snapshot-folder';
import { smallSnapshot, WEB_ENI, WEB_SG } from './small-snapshot';

/** Intents answered by the real reachability engine: customers reach the web server on 443, ops on 22 from 10/8. */
const checkIntents: IntentChecker = (model) => {
  const https = analyzePath(model, {
    source: 'internet',
    destination: WEB_ENI,
    protocol: 6,
    destinationPorts: { from: 443, to: 443 },
  });
  const ops = analyzePath(model, {
    source: '10.0.2.50',
    destination: WEB_ENI,
    protocol: 6,
    destinationPorts: { from: 22, to: 22 },
  });
  const evidence = (r: ReturnType<typeof analyzePath>) =>
    r.reachable
      ? r.forwardPath.map((h) => h.componentId).join(' -> ')
      : (r.explanations.find((e) => e.blocking)?.message ?? 'blocked');
  return [
    { name: 'internet-to-web-https', kind: 'must-work', holds: https.reachable, evidence: evidence(https) },
    { name: 'ops-ssh-from-private-subnet', kind: 'must-work', holds: ops.reachable, evidence: evidence(ops) },
  ];
};

/** The finding a rule would raise if the public web server's HTTPS rule were judged too open. */
const httpsOpenToInternet: Finding = {
  ruleId: 'sg-wide-public-range',
  resourceId: WEB_SG,
  resourceType: 'AWS::EC2::SecurityGroup',
  severity: 'high',
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  source: { cidr: '0.0.0.0/0' },
  direction: 'ingress',
  permissionIndex: 1,
  message: 'HTTPS open to the internet',
};

describe('verifyPlan', () => {
  it('refuses a fix that cuts a must-work flow, naming the intent and the path it cuts', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const plan = planFor(NetworkModel.build(snapshot), httpsOpenToInternet);
    expect(checkIntents(NetworkModel.build(snapshot)).every((c) => c.holds)).toBe(true);

    // Act
    const verdict = verifyPlan(snapshot, plan, { checkIntents });

    // Assess
    expect(verdict.safe).toBe(false);
    expect(verdict.brokenIntents.map((b) => b.name)).toEqual(['internet-to-web-https']);
    expect(verdict.brokenIntents[0]?.before).toContain(WEB_ENI);
    expect(verdict.brokenIntents[0]?.after).toContain(WEB_SG);
    expect(verdict.reason).toMatch(
      /would break must-work intent internet-to-web-https: the path that works today \(.+\) would be cut/,
    );
  });

  it('calls revoking the internet SSH source safe: the finding is gone and ops keep SSH from inside', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = runRules(NetworkModel.build(snapshot)).find(
      (f) => f.ruleId === 'sg-risky-port-open-to-internet' && f.fromPort === 22 && f.resourceId === WEB_SG,
    );
    if (!finding) throw new Error('rules did not report SSH open to the internet');
    const plan = planFor(NetworkModel.build(snapshot), finding);

    // Act
    const verdict = verifyPlan(snapshot, plan, { checkIntents });

    // Assess
    expect(verdict).toMatchObject({ safe: true, findingGone: true, brokenIntents: [], intentsChecked: 2 });
    expect(verdict.reason).toBe(
      'the finding is gone on the simulated network and all 2 intent(s) that held still hold',
    );
  });

  it('calls a plan that leaves its finding in place unsafe', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const finding = runRules(NetworkModel.build(snapshot)).find(
      (f) => f.ruleId === 'sg-risky-port-open-to-internet' && f.fromPort === 22,
    );
    if (!finding) throw new Error('rules did not report SSH open to the internet');
    const plan = { ...planFor(NetworkModel.build(snapshot), finding), actions: [] };

    // Act
    const verdict = verifyPlan(snapshot, plan);

    // Assess
    expect(verdict).toMatchObject({ safe: false, findingGone: false });
    expect(verdict.reason).toMatch(
      /the finding is still reported after the change \(sg-risky-port-open-to-internet on sg-0123456789abcdef0\)/,
    );
  });

  it('says when a plan cannot be applied to the network at all', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const plan = planFor(NetworkModel.build(snapshot), httpsOpenToInternet);
    snapshot.SecurityGroups = snapshot.SecurityGroups.filter((g) => g.GroupId !== WEB_SG);

    // Act
    const verdict = verifyPlan(snapshot, plan, { checkIntents });

    // Assess
    expect(verdict.safe).toBe(false);
    expect(verdict.reason).toMatch(
      /cannot be applied to this network: RevokeSecurityGroupIngress on sg-0123456789abcdef0: security group is not in the snapshot/,
    );
  });

  it('checks plans together: each safe alone, unsafe together', () => {
    // Prepare: ops reach SSH through 0.0.0.0/0 and through 10.0.0.0/8; each revoke alone leaves the other.
    const snapshot = smallSnapshot();
    const model = NetworkModel.build(snapshot);
    const internet = runRules(model).find(
      (f) => f.ruleId === 'sg-risky-port-open-to-internet' && f.fromPort === 22 && f.resourceId === WEB_SG,
    );
    if (!internet) throw new Error('rules did not report SSH open to the internet');
    const corporate: Finding = {
      ...httpsOpenToInternet,
      fromPort: 22,
      toPort: 22,
      permissionIndex: 0,
      source: { cidr: '10.0.0.0/8' },
    };
    const plans = [planFor(model, internet), planFor(model, corporate)];

    // Act
    const alone = plans.map((plan) => verifyPlans(snapshot, [plan], { checkIntents }));
    const together = verifyPlans(snapshot, plans, { checkIntents });

    // Assess
    expect(alone.map((v) => v.safe)).toEqual([true, true]);
    expect(together.safe).toBe(false);
    expect(together.brokenIntents.map((b) => b.name)).toEqual(['ops-ssh-from-private-subnet']);
  });
});

describe('evaluateRemediations', () => {
  it('plans, verifies and decides every finding, checking the intents once on the unchanged network', () => {
    // Prepare
    const snapshot = smallSnapshot();
    const model = NetworkModel.build(snapshot);
    const findings = runRules(model);
    let checks = 0;
    const counting: IntentChecker = (m) => {
      checks += 1;
      return checkIntents(m);
    };

    // Act
    const run = evaluateRemediations({
      snapshot,
      findings,
      config: defaultRemediationConfig(),
      checkIntents: counting,
      history: [],
      now: new Date('2026-11-22T10:00:00Z'),
    });

    // Assess
    expect(run.items).toHaveLength(findings.length);
    expect(run.intentsBefore.map((c) => c.holds)).toEqual([true, true]);
    const ready = run.items.filter((i) => i.plan.status === 'ready');
    expect(checks).toBe(1 + ready.length);
    expect(run.items.every((i) => (i.plan.status === 'ready') === (i.verdict !== undefined))).toBe(true);
    expect(run.items.every((i) => i.decision.reasons.length > 0)).toBe(true);
  });
});

describe('on the example account with its intents', () => {
  const exampleDir = path.resolve(__dirname, '../../../examples/acme');
  const ALB_SG = 'sg-0143991342248df5c';

  it('refuses to revoke HTTPS from the internet on the public load balancer: internet-to-prod-alb-https must work', async () => {
    // Prepare
    const { snapshot } = await readSnapshotPath(path.join(exampleDir, 'snapshot'));
    const { intents } = parseIntents(await readFile(path.join(exampleDir, 'intents.yaml'), 'utf8'), 'intents.yaml');
    const model = NetworkModel.build(snapshot);
    const finding = runRules(model).find(
      (f) =>
        f.resourceId === ALB_SG &&
        f.fromPort === 443 &&
        f.source !== undefined &&
        'cidr' in f.source &&
        f.source.cidr === '0.0.0.0/0',
    );
    if (!finding) throw new Error('the example account should report HTTPS open to the internet on the load balancer');
    const plan = planFor(model, finding);

    // Act
    const verdict = verifyPlan(snapshot, plan, { checkIntents: (m) => verifyIntents(m, intents) });

    // Assess
    expect(plan.actions.map((a) => a.api)).toEqual(['RevokeSecurityGroupIngress']);
    expect(verdict.safe).toBe(false);
    expect(verdict.findingGone).toBe(true);
    expect(verdict.brokenIntents.map((b) => b.name)).toEqual(['internet-to-prod-alb-https']);
    expect(verdict.brokenIntents[0]?.before).toMatch(
      /^internet -> eni-\w+ 443: internet -> igw-\w+ -> .*sg-0143991342248df5c -> eni-\w+$/,
    );
    expect(verdict.brokenIntents[0]?.after).toMatch(
      /blocked \(ENI_SG_RULES_MISMATCH: No ingress rule of sg-0143991342248df5c/,
    );
  });
});
