import { isSeverity } from '../findings/finding';
import type { RiskyPort, RiskyPortOverrides, RiskyPortProtocol, RiskyPortRef } from './risky-ports';
import { RULE_IDS } from './rule';

/** A port or an inclusive range, as AWS's managed rules write them: `443` or `"1020-1025"`. */
export type PortSpec = number | string;

export type FlowLogTrafficType = 'ALL' | 'ACCEPT' | 'REJECT';

/** Every rule parameter. Defaults are at least as strict as the matching AWS Config managed rules. */
export interface RulesConfig {
  /** Share (0..1) of one address family's public space that the sources admitting a service must cover
   * together to count as "the internet". 0.0.0.0/0 and ::/0 cover 1; 0.0.0.0/1 alone about 0.56. */
  internetCoverage: number;
  /** Rule ids not to run. */
  disabledRules: readonly string[];
  /** Changes to the risky-port catalogue (sg-risky-port-open-to-internet). */
  riskyPorts: RiskyPortOverrides;
  /** sg-wide-public-range: a source whose public part holds at least as many addresses as one CIDR of
   * this prefix length is "wide"; ports the user allows to be public (AWS's authorizedTcpPorts). */
  widePublicRange: {
    ipv4PrefixLength: number;
    ipv6PrefixLength: number;
    authorizedTcpPorts: readonly PortSpec[];
    authorizedUdpPorts: readonly PortSpec[];
  };
  /** nacl-admin-port-open-to-internet: ports checked for TCP and UDP (AWS: 22 and 3389). */
  naclAdminPorts: readonly number[];
  /** vpc-flow-logs-missing: the traffic a VPC flow log must capture; a log of type ALL always satisfies it. */
  flowLogTrafficType: FlowLogTrafficType;
}

export const DEFAULT_RULES_CONFIG: RulesConfig = {
  internetCoverage: 0.5,
  disabledRules: [],
  riskyPorts: { add: [], remove: [] },
  widePublicRange: { ipv4PrefixLength: 16, ipv6PrefixLength: 32, authorizedTcpPorts: [], authorizedUdpPorts: [] },
  naclAdminPorts: [22, 3389],
  flowLogTrafficType: 'ALL',
};

/** Defaults completed with what the caller set; nested objects are merged one level deep. */
export function resolveRulesConfig(partial: Partial<RulesConfig> = {}): RulesConfig {
  return {
    ...DEFAULT_RULES_CONFIG,
    ...partial,
    riskyPorts: { ...DEFAULT_RULES_CONFIG.riskyPorts, ...partial.riskyPorts },
    widePublicRange: { ...DEFAULT_RULES_CONFIG.widePublicRange, ...partial.widePublicRange },
  };
}

export class RulesConfigError extends Error {
  override readonly name = 'RulesConfigError';
}

/** Inclusive [from, to] ranges of a port list; throws on anything that is not a port or "from-to". */
export function parsePortSpecs(specs: readonly PortSpec[], where: string): [number, number][] {
  return specs.map((spec, i) => {
    const text = String(spec).trim();
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    const from = match ? Number(match[1]) : Number.NaN;
    const to = match?.[2] !== undefined ? Number(match[2]) : from;
    if (!match || from > 65535 || to > 65535 || from > to) {
      throw new RulesConfigError(
        `${where}[${i}]: expected a port 0-65535 or a range "from-to", got ${JSON.stringify(spec)}`,
      );
    }
    return [from, to];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KNOWN_KEYS: readonly (keyof RulesConfig)[] = [
  'internetCoverage',
  'disabledRules',
  'riskyPorts',
  'widePublicRange',
  'naclAdminPorts',
  'flowLogTrafficType',
];

/**
 * Validates a rules-config document (already parsed from JSON or YAML). Every error names the source and
 * the JSON path; unknown keys are errors too, so a misspelt parameter is never silently ignored.
 */
export function parseRulesConfig(
  doc: unknown,
  source: string,
  ruleIds: readonly string[] = Object.values(RULE_IDS),
): Partial<RulesConfig> {
  const fail = (path: string, expected: string, got: unknown): never => {
    throw new RulesConfigError(`${source}: ${path}: expected ${expected}, got ${JSON.stringify(got)}`);
  };
  if (!isRecord(doc)) return fail('$', 'an object', doc);
  const out: Partial<RulesConfig> = {};
  for (const key of Object.keys(doc)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) fail(`$.${key}`, `one of ${KNOWN_KEYS.join(', ')}`, key);
  }
  const integer = (value: unknown, path: string, min: number, max: number): number =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? value
      : fail(path, `an integer ${min}-${max}`, value);
  const array = (value: unknown, path: string): unknown[] =>
    Array.isArray(value) ? value : fail(path, 'a list', value);
  const portSpecs = (value: unknown, path: string): PortSpec[] => {
    const list = array(value, path).map((v, i) =>
      typeof v === 'number' || typeof v === 'string' ? v : fail(`${path}[${i}]`, 'a port or "from-to"', v),
    );
    parsePortSpecs(list, `${source}: ${path}`);
    return list;
  };
  const protocol = (value: unknown, path: string): RiskyPortProtocol =>
    value === 'tcp' || value === 'udp' ? value : fail(path, '"tcp" or "udp"', value);
  const portRef = (value: unknown, path: string): RiskyPortRef => {
    if (!isRecord(value)) return fail(path, 'an object with protocol and port', value);
    return {
      protocol: protocol(value.protocol, `${path}.protocol`),
      port: integer(value.port, `${path}.port`, 0, 65535),
    };
  };

  if (doc.internetCoverage !== undefined) {
    const v = doc.internetCoverage;
    out.internetCoverage =
      typeof v === 'number' && v > 0 && v <= 1 ? v : fail('$.internetCoverage', 'a number in (0, 1]', v);
  }
  if (doc.disabledRules !== undefined) {
    out.disabledRules = array(doc.disabledRules, '$.disabledRules').map((v, i) =>
      typeof v === 'string' && ruleIds.includes(v)
        ? v
        : fail(`$.disabledRules[${i}]`, `a rule id (${ruleIds.join(', ')})`, v),
    );
  }
  if (doc.riskyPorts !== undefined) {
    const rp = doc.riskyPorts;
    if (!isRecord(rp)) return fail('$.riskyPorts', 'an object with add and/or remove', rp);
    const add = array(rp.add ?? [], '$.riskyPorts.add').map((v, i): RiskyPort => {
      const path = `$.riskyPorts.add[${i}]`;
      const ref = portRef(v, path);
      const item = v as Record<string, unknown>;
      const severity = item.severity;
      if (typeof severity !== 'string' || !isSeverity(severity)) {
        return fail(`${path}.severity`, 'critical, high, medium, low or info', severity);
      }
      const service = item.service ?? `${ref.protocol}/${ref.port}`;
      if (typeof service !== 'string') return fail(`${path}.service`, 'a string', service);
      return { ...ref, service, severity };
    });
    const remove = array(rp.remove ?? [], '$.riskyPorts.remove').map((v, i) => portRef(v, `$.riskyPorts.remove[${i}]`));
    out.riskyPorts = { add, remove };
  }
  if (doc.widePublicRange !== undefined) {
    const w = doc.widePublicRange;
    if (!isRecord(w)) return fail('$.widePublicRange', 'an object', w);
    const d = DEFAULT_RULES_CONFIG.widePublicRange;
    out.widePublicRange = {
      ipv4PrefixLength:
        w.ipv4PrefixLength === undefined
          ? d.ipv4PrefixLength
          : integer(w.ipv4PrefixLength, '$.widePublicRange.ipv4PrefixLength', 0, 32),
      ipv6PrefixLength:
        w.ipv6PrefixLength === undefined
          ? d.ipv6PrefixLength
          : integer(w.ipv6PrefixLength, '$.widePublicRange.ipv6PrefixLength', 0, 128),
      authorizedTcpPorts:
        w.authorizedTcpPorts === undefined
          ? d.authorizedTcpPorts
          : portSpecs(w.authorizedTcpPorts, '$.widePublicRange.authorizedTcpPorts'),
      authorizedUdpPorts:
        w.authorizedUdpPorts === undefined
          ? d.authorizedUdpPorts
          : portSpecs(w.authorizedUdpPorts, '$.widePublicRange.authorizedUdpPorts'),
    };
  }
  if (doc.naclAdminPorts !== undefined) {
    out.naclAdminPorts = array(doc.naclAdminPorts, '$.naclAdminPorts').map((v, i) =>
      integer(v, `$.naclAdminPorts[${i}]`, 0, 65535),
    );
  }
  if (doc.flowLogTrafficType !== undefined) {
    const t = doc.flowLogTrafficType;
    out.flowLogTrafficType =
      t === 'ALL' || t === 'ACCEPT' || t === 'REJECT' ? t : fail('$.flowLogTrafficType', 'ALL, ACCEPT or REJECT', t);
  }
  return out;
}
