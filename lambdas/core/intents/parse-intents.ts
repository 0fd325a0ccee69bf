/**
 * Parses the intents file (YAML, version 1). Every problem is an `IntentsParseError` naming the file,
 * the line and the field (`intents[2].ports[0]`) and saying what was expected; nothing is skipped.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { parseCidr } from '../net/ip';
import { ProtocolParseError, parseProtocol } from '../net/protocol';
import type { EndpointSelector, Intent, IntentKind, IntentsFile } from './intent';

export class IntentsParseError extends Error {
  override readonly name = 'IntentsParseError';
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}${line === undefined ? '' : `:${line}`}: ${field}: ${problem}`);
  }
}

const NAME = /^[a-z0-9-]+$/;
const INTENT_KEYS = new Set(['name', 'description', 'kind', 'from', 'to', 'protocol', 'ports']);
const SELECTOR_KEYS = ['id', 'tag', 'subnet', 'cidr'] as const;
const ID_PREFIXES = ['eni-', 'i-', 'subnet-', 'nat-', 'vpce-', 'igw-', 'tgw-attach-'];

class Reader {
  constructor(
    private readonly source: string,
    private readonly lines: LineCounter,
  ) {}

  line(node: Node | undefined | null): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  fail(node: Node | undefined | null, field: string, problem: string): never {
    throw new IntentsParseError(this.source, this.line(node), field, problem);
  }

  map(node: Node | undefined | null, field: string, what: string): YAMLMap<unknown, unknown> {
    if (!isMap(node)) this.fail(node, field, `expected ${what} (a mapping)`);
    return node;
  }

  child(parent: YAMLMap<unknown, unknown>, key: string): Node | undefined {
    const v = parent.get(key, true);
    return v === undefined || v === null ? undefined : (v as Node);
  }

  string(node: Node | undefined, field: string, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '')
      this.fail(node, field, `expected ${what}`);
    return node.value;
  }

  keys(m: YAMLMap<unknown, unknown>): string[] {
    return m.items.map((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)));
  }
}

export function parseIntents(text: string, source = 'intents.yaml'): IntentsFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const r: Reader = new Reader(source, lines);
  const first = doc.errors[0];
  if (first !== undefined) {
    throw new IntentsParseError(
      source,
      first.linePos?.[0].line,
      '$',
      `not valid YAML: ${first.message.split('\n')[0]}`,
    );
  }
  const root = r.map(doc.contents as Node | null, '$', 'a document with "version" and "intents"');
  for (const key of r.keys(root)) {
    if (key !== 'version' && key !== 'intents')
      r.fail(root.get(key, true) as Node, key, 'unknown key (expected version, intents)');
  }
  const version = r.child(root, 'version');
  if (!isScalar(version) || version.value !== 1) r.fail(version ?? root, 'version', 'expected version: 1');
  const list = r.child(root, 'intents');
  if (!isSeq(list)) r.fail(list ?? root, 'intents', 'expected a list of intents');
  const seen = new Map<string, number | undefined>();
  const intents = list.items.map((item, i) => {
    const intent = parseIntent(r, item as Node, `intents[${i}]`);
    if (seen.has(intent.name)) {
      r.fail(
        item as Node,
        `intents[${i}].name`,
        `duplicate name ${intent.name} (first on line ${seen.get(intent.name)})`,
      );
    }
    seen.set(intent.name, intent.line);
    return intent;
  });
  return { version: 1, intents };
}

function parseIntent(r: Reader, node: Node, field: string): Intent {
  const m = r.map(node, field, 'an intent');
  for (const key of r.keys(m)) {
    if (!INTENT_KEYS.has(key)) {
      r.fail(m.get(key, true) as Node, `${field}.${key}`, `unknown key (expected ${[...INTENT_KEYS].join(', ')})`);
    }
  }
  const name = r.string(r.child(m, 'name'), `${field}.name`, 'a name of lowercase letters, digits and dashes');
  if (!NAME.test(name))
    r.fail(
      r.child(m, 'name'),
      `${field}.name`,
      `${JSON.stringify(name)}: expected lowercase letters, digits and dashes`,
    );
  const kindNode = r.child(m, 'kind');
  const kind = r.string(kindNode ?? node, `${field}.kind`, 'must-work or must-never');
  if (kind !== 'must-work' && kind !== 'must-never')
    r.fail(kindNode, `${field}.kind`, `${JSON.stringify(kind)}: expected must-work or must-never`);
  const protocolNode = r.child(m, 'protocol');
  if (!isScalar(protocolNode)) r.fail(protocolNode ?? node, `${field}.protocol`, 'expected tcp, udp, icmp or -1');
  let protocol: Intent['protocol'];
  try {
    protocol = parseProtocol(String(protocolNode.value));
  } catch (error: unknown) {
    if (!(error instanceof ProtocolParseError)) throw error;
    r.fail(
      protocolNode,
      `${field}.protocol`,
      `${JSON.stringify(String(protocolNode.value))}: expected tcp, udp, icmp or -1`,
    );
  }
  const intent: Intent = {
    name,
    kind: kind as IntentKind,
    from: parseSelector(r, r.child(m, 'from'), node, `${field}.from`),
    to: parseSelector(r, r.child(m, 'to'), node, `${field}.to`),
    protocol,
    ports: parsePorts(r, r.child(m, 'ports'), `${field}.ports`),
  };
  const description = r.child(m, 'description');
  if (description !== undefined) intent.description = r.string(description, `${field}.description`, 'a text');
  const line = r.line(node);
  if (line !== undefined) intent.line = line;
  return intent;
}

function parseSelector(r: Reader, node: Node | undefined, parent: Node, field: string): EndpointSelector {
  if (node === undefined) r.fail(parent, field, 'missing (expected internet or { id | tag | subnet | cidr: ... })');
  if (isScalar(node)) {
    if (node.value === 'internet') return { kind: 'internet' };
    r.fail(
      node,
      field,
      `${JSON.stringify(node.value)}: expected internet or a mapping with one of id, tag, subnet, cidr`,
    );
  }
  const m = r.map(node, field, 'internet or a mapping with one of id, tag, subnet, cidr');
  const keys = r.keys(m);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !(SELECTOR_KEYS as readonly string[]).includes(key)) {
    r.fail(node, field, `expected exactly one of ${SELECTOR_KEYS.join(', ')}, got ${keys.join(', ') || 'nothing'}`);
  }
  const value = r.child(m, key);
  const f = `${field}.${key}`;
  switch (key) {
    case 'id': {
      const id = r.string(value, f, 'a resource id');
      if (!ID_PREFIXES.some((p) => id.startsWith(p)))
        r.fail(value, f, `${JSON.stringify(id)}: expected an id starting with ${ID_PREFIXES.join(', ')}`);
      return { kind: 'id', id };
    }
    case 'subnet': {
      const subnetId = r.string(value, f, 'a subnet id');
      if (!subnetId.startsWith('subnet-'))
        r.fail(value, f, `${JSON.stringify(subnetId)}: expected a subnet id (subnet-...)`);
      return { kind: 'subnet', subnetId };
    }
    case 'cidr': {
      const cidr = r.string(value, f, 'an IPv4 or IPv6 CIDR');
      try {
        parseCidr(cidr);
      } catch {
        r.fail(value, f, `${JSON.stringify(cidr)}: expected an IPv4 or IPv6 CIDR such as 10.0.0.0/16`);
      }
      return { kind: 'cidr', cidr };
    }
    default: {
      const tagMap = r.map(value, f, 'a mapping of tag keys to values');
      const tags: Record<string, string> = {};
      for (const pair of tagMap.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const v = pair.value as Node | null;
        if (!isScalar(v) || v.value === null || typeof v.value === 'object')
          r.fail(v ?? value, `${f}.${k}`, 'expected a tag value');
        tags[k] = String(v.value);
      }
      if (Object.keys(tags).length === 0) r.fail(value, f, 'expected at least one tag');
      return { kind: 'tag', tags };
    }
  }
}

function parsePorts(r: Reader, node: Node | undefined, field: string): { from: number; to: number }[] {
  if (node === undefined) return [];
  if (!isSeq(node)) r.fail(node, field, 'expected a list of ports (443) or ranges ("1024-2048")');
  return node.items.map((item, i) => {
    const f = `${field}[${i}]`;
    const n = item as Node;
    if (!isScalar(n)) r.fail(n, f, 'expected a port or a "from-to" range');
    const text = String(n.value);
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    const from = Number(m?.[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (m === null || from > 65535 || to > 65535 || from > to) {
      r.fail(n, f, `${JSON.stringify(text)}: expected a port 0-65535 or a range "from-to" with from <= to`);
    }
    return { from, to };
  });
}
