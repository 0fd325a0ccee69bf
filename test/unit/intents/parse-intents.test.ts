import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IntentsParseError, parseIntents } from '../../../lambdas/core/intents/parse-intents';

const EXAMPLE = path.resolve(__dirname, '../../../examples/acme/intents.yaml');

function errorOf(text: string): IntentsParseError {
  try {
    parseIntents(text, 'team.yaml');
  } catch (error: unknown) {
    if (error instanceof IntentsParseError) return error;
    throw error;
  }
  throw new Error('expected an IntentsParseError');
}

const HEADER = 'version: 1\nintents:\n';
const intent = (body: string) => `${HEADER}  - name: web-https\n    kind: must-work\n${body}`;

describe('parseIntents', () => {
  it('reads the example account intents with every selector kind', () => {
    // Act
    const file = parseIntents(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);

    // Assess
    expect(file.intents).toHaveLength(13);
    expect(file.intents[0]).toEqual({
      name: 'internet-to-prod-alb-https',
      description: 'Customers reach the production load balancer on HTTPS',
      kind: 'must-work',
      from: { kind: 'internet' },
      to: { kind: 'tag', tags: { Role: 'alb', Environment: 'production' } },
      protocol: 6,
      ports: [{ from: 443, to: 443 }],
      line: 6,
    });
    expect(new Set(file.intents.flatMap((i) => [i.from.kind, i.to.kind]))).toEqual(
      new Set(['internet', 'tag', 'id', 'cidr']),
    );
    expect(file.intents.find((i) => i.name === 'internet-never-reaches-prod-databases')?.protocol).toBe('all');
  });

  it('accepts port ranges, a subnet selector and no ports (every port)', () => {
    // Act
    const file = parseIntents(
      intent(
        '    from: { subnet: subnet-0abc }\n    to: { id: eni-0abc }\n    protocol: udp\n    ports: [53, "1024-2048"]\n',
      ),
    );
    const all = parseIntents(intent('    from: internet\n    to: { cidr: 10.0.0.0/16 }\n    protocol: icmp\n'));

    // Assess
    expect(file.intents[0]?.ports).toEqual([
      { from: 53, to: 53 },
      { from: 1024, to: 2048 },
    ]);
    expect(file.intents[0]?.from).toEqual({ kind: 'subnet', subnetId: 'subnet-0abc' });
    expect(all.intents[0]?.ports).toEqual([]);
  });

  it.each([
    ['version: 2\nintents: []\n', 1, 'version', 'expected version: 1'],
    [`${HEADER}  - name: Web\n`, 3, 'intents[0].name', 'expected lowercase letters'],
    [
      intent('    from: internet\n    to: { tag: {} }\n    protocol: tcp\n'),
      6,
      'intents[0].to.tag',
      'at least one tag',
    ],
    [
      intent('    from: internet\n    to: { id: eni-1 }\n    protocol: tcp\n    ports: [99999]\n'),
      8,
      'intents[0].ports[0]',
      'expected a port',
    ],
    [
      intent('    from: internet\n    to: { id: eni-1 }\n    protocol: sctp\n'),
      7,
      'intents[0].protocol',
      'expected tcp, udp, icmp or -1',
    ],
    [
      intent('    from: everywhere\n    to: { id: eni-1 }\n    protocol: tcp\n'),
      5,
      'intents[0].from',
      'expected internet or a mapping',
    ],
    [
      intent('    from: { id: eni-1, tag: { a: b } }\n    to: { id: eni-1 }\n    protocol: tcp\n'),
      5,
      'intents[0].from',
      'exactly one of',
    ],
    [
      intent('    from: internet\n    to: { cidr: 10.0.0.0/33 }\n    protocol: tcp\n'),
      6,
      'intents[0].to.cidr',
      'expected an IPv4 or IPv6 CIDR',
    ],
    [
      intent('    from: internet\n    to: { id: db-1 }\n    protocol: tcp\n'),
      6,
      'intents[0].to.id',
      'expected an id starting with',
    ],
    [
      intent('    from: internet\n    to: { id: eni-1 }\n    protocol: tcp\n    color: red\n'),
      8,
      'intents[0].color',
      'unknown key',
    ],
    [`${HEADER}  - name: a\n    kind: must-always\n`, 4, 'intents[0].kind', 'expected must-work or must-never'],
    [intent('    kind: must-never\n'), 5, '$', 'not valid YAML: Map keys must be unique'],
    [`${HEADER}  - [\n`, 4, '$', 'not valid YAML'],
  ])('rejects bad input with the line and field: %#', (text, line, field, problem) => {
    // Act
    const error = errorOf(text);

    // Assess
    expect({ line: error.line, field: error.field }).toEqual({ line, field });
    expect(error.problem).toContain(problem);
    expect(error.message).toMatch(new RegExp(`^team\\.yaml:${line}: `));
  });

  it('rejects a duplicate intent name, pointing at the first', () => {
    // Prepare
    const one = '  - name: a\n    kind: must-work\n    from: internet\n    to: { id: eni-1 }\n    protocol: tcp\n';

    // Act
    const error = errorOf(`${HEADER}${one}${one}`);

    // Assess
    expect(error.field).toBe('intents[1].name');
    expect(error.problem).toBe('duplicate name a (first on line 3)');
  });
});
