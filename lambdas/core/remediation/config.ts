/**
 * The remediation configuration: per-rule modes, exemptions, the flap guard, narrower sources to
 * put in place of an internet-wide one, and the flow-log destination. Parsed from an already
 * decoded YAML/JSON document so the engine stays free of I/O; every error names the source and the
 * JSON path. Exemption entries are checked for shape here but validated (owner, reason, expiry)
 * when a decision uses them, exactly like exemption tags, so a bad one is reported, never trusted.
 */
import { PortSet } from '../net/port-set';

export const MODES = ['detect', 'notify', 'auto'] as const;
export type Mode = (typeof MODES)[number];

export interface ConfigExemption {
  resource: string;
  rules: string[];
  owner?: string;
  reason?: string;
  expires?: string;
  /** Where it was declared, for messages: `config.yaml: $.exemptions[2]`. */
  origin: string;
}

/** Put `cidrs` in place of an internet-wide source on the matching rule (narrowing instead of revoking). */
export interface NarrowingRule {
  cidrs: string[];
  groupId?: string;
  /** "tcp", "udp" or "-1"; absent matches any. */
  protocol?: string;
  /** Ports the offending permission must lie within; absent matches any. */
  ports?: PortSet;
}

export interface FlowLogSettings {
  /** The KMS-encrypted log group the NetWarden stack creates. */
  logGroupName: string;
  /** The IAM role CloudWatch Logs delivery assumes; required before NetWarden can create flow logs. */
  deliverLogsPermissionArn?: string;
}

export interface FlapGuardSettings {
  maxRemediations: number;
  windowHours: number;
}

export interface RemediationConfig {
  modes: Record<string, Mode>;
  exemptions: ConfigExemption[];
  flapGuard: FlapGuardSettings;
  narrowing: NarrowingRule[];
  flowLogs: FlowLogSettings;
}

export const DEFAULT_FLOW_LOG_GROUP = '/netwarden/vpc-flow-logs';

export function defaultRemediationConfig(): RemediationConfig {
  return {
    modes: {},
    exemptions: [],
    flapGuard: { maxRemediations: 3, windowHours: 24 },
    narrowing: [],
    flowLogs: { logGroupName: DEFAULT_FLOW_LOG_GROUP },
  };
}

export class RemediationConfigError extends Error {
  override readonly name = 'RemediationConfigError';
  constructor(source: string, path: string, expected: string) {
    super(`${source}: ${path}: expected ${expected}`);
  }
}

const TOP_LEVEL_KEYS = new Set(['version', 'modes', 'exemptions', 'flapGuard', 'narrowing', 'flowLogs']);

export function parseRemediationConfig(doc: unknown, source: string): RemediationConfig {
  const config = defaultRemediationConfig();
  if (doc === null || doc === undefined) return config;
  const root = asObject(doc, source, '$', 'a mapping with version, modes, exemptions, flapGuard, narrowing, flowLogs');
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.has(key))
      throw new RemediationConfigError(source, `$.${key}`, `one of ${[...TOP_LEVEL_KEYS].join(', ')}`);
  }
  if (root.version !== undefined && root.version !== 1)
    throw new RemediationConfigError(source, '$.version', 'version: 1');
  if (root.modes !== undefined) {
    const modes = asObject(root.modes, source, '$.modes', 'a mapping of rule id to detect | notify | auto');
    for (const [ruleId, mode] of Object.entries(modes)) {
      if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) {
        throw new RemediationConfigError(source, `$.modes.${ruleId}`, 'detect, notify or auto');
      }
      config.modes[ruleId] = mode as Mode;
    }
  }
  if (root.exemptions !== undefined) {
    config.exemptions = asArray(root.exemptions, source, '$.exemptions').map((item, i) =>
      parseExemptionEntry(item, source, `$.exemptions[${i}]`),
    );
  }
  if (root.flapGuard !== undefined) {
    const guard = asObject(root.flapGuard, source, '$.flapGuard', 'a mapping with maxRemediations and windowHours');
    if (guard.maxRemediations !== undefined) {
      config.flapGuard.maxRemediations = positiveInteger(guard.maxRemediations, source, '$.flapGuard.maxRemediations');
    }
    if (guard.windowHours !== undefined) {
      config.flapGuard.windowHours = positiveInteger(guard.windowHours, source, '$.flapGuard.windowHours');
    }
  }
  if (root.narrowing !== undefined) {
    config.narrowing = asArray(root.narrowing, source, '$.narrowing').map((item, i) =>
      parseNarrowing(item, source, `$.narrowing[${i}]`),
    );
  }
  if (root.flowLogs !== undefined) {
    const flowLogs = asObject(
      root.flowLogs,
      source,
      '$.flowLogs',
      'a mapping with logGroupName, deliverLogsPermissionArn',
    );
    if (flowLogs.logGroupName !== undefined) {
      config.flowLogs.logGroupName = nonEmptyString(flowLogs.logGroupName, source, '$.flowLogs.logGroupName');
    }
    if (flowLogs.deliverLogsPermissionArn !== undefined) {
      const arn = nonEmptyString(flowLogs.deliverLogsPermissionArn, source, '$.flowLogs.deliverLogsPermissionArn');
      if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn)) {
        throw new RemediationConfigError(
          source,
          '$.flowLogs.deliverLogsPermissionArn',
          'an IAM role ARN (arn:aws:iam::123456789012:role/name)',
        );
      }
      config.flowLogs.deliverLogsPermissionArn = arn;
    }
  }
  return config;
}

function parseExemptionEntry(item: unknown, source: string, path: string): ConfigExemption {
  const entry = asObject(item, source, path, 'a mapping with resource, rules, owner, reason, expires');
  const rules = asArray(entry.rules, source, `${path}.rules`).map((r, i) =>
    nonEmptyString(r, source, `${path}.rules[${i}]`),
  );
  const exemption: ConfigExemption = {
    resource: nonEmptyString(entry.resource, source, `${path}.resource`),
    rules,
    origin: `${source}: ${path}`,
  };
  // Owner, reason and expiry stay optional here: their absence makes the exemption invalid, which
  // a decision reports (fail closed) rather than rejecting the whole file.
  for (const key of ['owner', 'reason', 'expires'] as const) {
    const value = entry[key];
    if (value === undefined) continue;
    // YAML reads an unquoted 2027-01-31 as a date.
    if (value instanceof Date) exemption[key] = value.toISOString().slice(0, 10);
    else exemption[key] = nonEmptyString(value, source, `${path}.${key}`);
  }
  return exemption;
}

function parseNarrowing(item: unknown, source: string, path: string): NarrowingRule {
  const entry = asObject(item, source, path, 'a mapping with cidrs and optional groupId, protocol, ports');
  const rule: NarrowingRule = {
    cidrs: asArray(entry.cidrs, source, `${path}.cidrs`).map((c, i) =>
      nonEmptyString(c, source, `${path}.cidrs[${i}]`),
    ),
  };
  if (rule.cidrs.length === 0) throw new RemediationConfigError(source, `${path}.cidrs`, 'at least one CIDR');
  if (entry.groupId !== undefined) rule.groupId = nonEmptyString(entry.groupId, source, `${path}.groupId`);
  if (entry.protocol !== undefined) {
    const protocol = nonEmptyString(entry.protocol, source, `${path}.protocol`);
    if (!['tcp', 'udp', '-1'].includes(protocol))
      throw new RemediationConfigError(source, `${path}.protocol`, 'tcp, udp or -1');
    rule.protocol = protocol;
  }
  if (entry.ports !== undefined) {
    const ports = asArray(entry.ports, source, `${path}.ports`).map((p, i) => {
      const text = typeof p === 'number' ? String(p) : p;
      const match = typeof text === 'string' ? /^(\d+)(?:-(\d+))?$/.exec(text) : null;
      const from = match ? Number(match[1]) : Number.NaN;
      const to = match?.[2] !== undefined ? Number(match[2]) : from;
      if (!(from >= 0 && to <= 65535 && from <= to)) {
        throw new RemediationConfigError(source, `${path}.ports[${i}]`, 'a port 0-65535 or a "from-to" range');
      }
      return [from, to] as const;
    });
    rule.ports = PortSet.fromRanges(ports);
  }
  return rule;
}

function asObject(value: unknown, source: string, path: string, expected: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new RemediationConfigError(source, path, expected);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, source: string, path: string): unknown[] {
  if (!Array.isArray(value)) throw new RemediationConfigError(source, path, 'a list');
  return value;
}

function nonEmptyString(value: unknown, source: string, path: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new RemediationConfigError(source, path, 'a non-empty string');
  return value;
}

function positiveInteger(value: unknown, source: string, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RemediationConfigError(source, path, 'a whole number of at least 1');
  }
  return value;
}
