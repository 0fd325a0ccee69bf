import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIntents } from '../../../lambdas/core/intents/parse-intents';
import { verifyIntents } from '../../../lambdas/core/intents/verify-intents';
import { NetworkModel } from '../../../lambdas/core/model/network-model';
import { parseSnapshotDocuments } from '../../../lambdas/core/model/parse-snapshot';
import { readSnapshotPath } from '../../../lambdas/local/snapshot-folder';

const ACME = path.resolve(__dirname, '../../../examples/acme');
const FIXTURES = path.resolve(__dirname, '../../fixtures/reach');

function scenarioModel(name: string): NetworkModel {
  const file = path.join(FIXTURES, name, 'snapshot.json');
  return NetworkModel.build(parseSnapshotDocuments([{ name: file, text: readFileSync(file, 'utf8') }]).snapshot);
}

const yaml = (body: string) => parseIntents(`version: 1\nintents:\n${body}`, 'test.yaml').intents;

describe('verifyIntents', () => {
  it('holds every intent of the example account on its snapshot', async () => {
    // Prepare
    const read = await readSnapshotPath(path.join(ACME, 'snapshot'));
    const intents = parseIntents(readFileSync(path.join(ACME, 'intents.yaml'), 'utf8')).intents;

    // Act
    const results = verifyIntents(NetworkModel.build(read.snapshot), intents);

    // Assess
    expect(results.filter((r) => !r.holds).map((r) => [r.name, r.evidence])).toEqual([]);
    expect(results.every((r) => r.flows.length > 0)).toBe(true);
  });

  it('fails a must-work intent with the blocking component, and a must-never intent with the open path', () => {
    // Prepare
    const model = scenarioModel('sg-blocks-ssh');
    const intents = yaml(
      [
        '  - name: ssh-works',
        '    kind: must-work',
        '    from: internet',
        '    to: { id: eni-0a1a0000000000001 }',
        '    protocol: tcp',
        '    ports: [22]',
        '  - name: https-never',
        '    kind: must-never',
        '    from: internet',
        '    to: { tag: { Name: web } }',
        '    protocol: tcp',
        '    ports: ["400-500"]',
        '',
      ].join('\n'),
    );

    // Act
    const [ssh, https] = verifyIntents(model, intents);

    // Assess
    expect(ssh?.holds).toBe(false);
    expect(ssh?.evidence).toContain('ENI_SG_RULES_MISMATCH');
    expect(https?.holds).toBe(false);
    expect(https?.evidence).toContain('tcp:443');
  });

  it('fails an intent whose selector matches nothing instead of passing it vacuously', () => {
    // Prepare
    const model = scenarioModel('sg-blocks-ssh');
    const intents = yaml(
      '  - name: ghost\n    kind: must-never\n    from: internet\n    to: { tag: { Role: ghost } }\n    protocol: tcp\n',
    );

    // Act
    const [ghost] = verifyIntents(model, intents);

    // Assess
    expect(ghost?.holds).toBe(false);
    expect(ghost?.evidence).toContain('matches no network interface');
  });

  it('marks a flow that depends on an absent group as unknown', () => {
    // Prepare
    const model = scenarioModel('unknown-referenced-group');
    const intents = yaml(
      '  - name: app-db\n    kind: must-work\n    from: { id: eni-0a1a0000000000002 }\n    to: { id: eni-0b2b0000000000001 }\n    protocol: tcp\n    ports: [5432]\n',
    );

    // Act
    const [appDb] = verifyIntents(model, intents);

    // Assess
    expect(appDb).toMatchObject({ holds: false, unknown: true });
    expect(appDb?.flows[0]?.codes).toEqual(['UNKNOWN_PEERED_SGS']);
  });
});
