/**
 * Exemptions: a person's explicit, owned, time-boxed decision to accept a finding. Declared as the
 * tag `netwarden:exempt` on the resource or as an entry in the remediation config. They fail
 * closed: a malformed or expired exemption exempts nothing and is itself reported.
 *
 * Tag value format (EC2 allows `;` and `,` in tag values; keep it under 256 characters):
 *   rules=<rule-id>[,<rule-id>...];owner=<who>;reason=<why>;expires=<YYYY-MM-DD | ISO-8601 instant>
 * e.g. `rules=sg-risky-port-open-to-internet;owner=alice@example.com;reason=vendor VPN;expires=2027-01-31`.
 * All four keys are required; values may not contain `;`. A date expires at the end of that day (UTC).
 */
import type { ConfigExemption } from './config';

export const EXEMPTION_TAG = 'netwarden:exempt';

export interface Exemption {
  resourceId: string;
  rules: string[];
  owner: string;
  reason: string;
  /** The first instant it no longer applies (ISO-8601, UTC). */
  expiresAt: string;
  source: 'tag' | 'config';
  origin: string;
}

/** An exemption that could not be trusted, and why; reported with the decision it failed to influence. */
export interface ExemptionProblem {
  resourceId: string;
  origin: string;
  problem: string;
}

export type ExemptionCheck = { exemption: Exemption } | { problem: ExemptionProblem };

const TAG_KEYS = ['rules', 'owner', 'reason', 'expires'] as const;

/** Reads a `netwarden:exempt` tag value; `now` decides expiry. */
export function parseExemptionTag(value: string, resourceId: string, now: Date): ExemptionCheck {
  const origin = `tag ${EXEMPTION_TAG} on ${resourceId}`;
  const fields: Record<string, string> = {};
  for (const part of value.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part.trim() : part.slice(0, eq).trim();
    if (eq < 0 || !(TAG_KEYS as readonly string[]).includes(key)) {
      return problem(resourceId, origin, `"${part.trim()}" is not one of ${TAG_KEYS.map((k) => `${k}=…`).join(', ')}`);
    }
    if (fields[key] !== undefined) return problem(resourceId, origin, `${key} is given twice`);
    fields[key] = part.slice(eq + 1).trim();
  }
  const rules = (fields.rules ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return validate(
    { resource: resourceId, rules, owner: fields.owner, reason: fields.reason, expires: fields.expires, origin },
    'tag',
    now,
  );
}

/** Checks a config entry the same way as a tag. */
export function checkConfigExemption(entry: ConfigExemption, now: Date): ExemptionCheck {
  return validate(entry, 'config', now);
}

function validate(
  entry: {
    resource: string;
    rules: string[];
    owner?: string | undefined;
    reason?: string | undefined;
    expires?: string | undefined;
    origin: string;
  },
  source: 'tag' | 'config',
  now: Date,
): ExemptionCheck {
  const missing = [
    entry.rules.length === 0 ? 'rules' : undefined,
    entry.owner ? undefined : 'owner',
    entry.reason ? undefined : 'reason',
    entry.expires ? undefined : 'expires',
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0)
    return problem(entry.resource, entry.origin, `missing ${missing.join(', ')}: does not exempt`);
  const expiresAt = parseExpiry(entry.expires ?? '');
  if (expiresAt === undefined) {
    return problem(
      entry.resource,
      entry.origin,
      `expires "${entry.expires}" is not a date (YYYY-MM-DD) or an ISO-8601 instant: does not exempt`,
    );
  }
  if (now.getTime() >= expiresAt.getTime()) {
    return problem(
      entry.resource,
      entry.origin,
      `expired on ${expiresAt.toISOString()} (owner ${entry.owner}): does not exempt`,
    );
  }
  return {
    exemption: {
      resourceId: entry.resource,
      rules: entry.rules,
      owner: entry.owner ?? '',
      reason: entry.reason ?? '',
      expiresAt: expiresAt.toISOString(),
      source,
      origin: entry.origin,
    },
  };
}

function parseExpiry(text: string): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const start = new Date(Date.UTC(year, month - 1, date));
    // Reject 2027-02-30 and the like instead of letting Date roll it over.
    if (start.getUTCMonth() !== month - 1 || start.getUTCDate() !== date) return undefined;
    return new Date(start.getTime() + 24 * 3600 * 1000);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

function problem(resourceId: string, origin: string, text: string): ExemptionCheck {
  return { problem: { resourceId, origin, problem: text } };
}

/**
 * The valid exemption covering `ruleId` on `resourceId`, if any, and every problem met on the way
 * (an invalid exemption for the resource is reported even when another one is valid).
 */
export function findExemption(input: {
  resourceId: string;
  ruleId: string;
  tags: Record<string, string>;
  config: readonly ConfigExemption[];
  now: Date;
}): { exemption?: Exemption; problems: ExemptionProblem[] } {
  const checks: ExemptionCheck[] = [];
  const tag = input.tags[EXEMPTION_TAG];
  if (tag !== undefined) checks.push(parseExemptionTag(tag, input.resourceId, input.now));
  for (const entry of input.config) {
    if (entry.resource === input.resourceId) checks.push(checkConfigExemption(entry, input.now));
  }
  const problems: ExemptionProblem[] = [];
  let exemption: Exemption | undefined;
  for (const check of checks) {
    if ('problem' in check) problems.push(check.problem);
    else if (exemption === undefined && check.exemption.rules.includes(input.ruleId)) exemption = check.exemption;
  }
  return exemption ? { exemption, problems } : { problems };
}
