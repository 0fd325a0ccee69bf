/**
 * The deployment's settings as the functions receive them (NETWARDEN_SETTINGS, written by the
 * stack): remediation modes and exemptions, risky-port overrides, trusted principals.
 */
import { parseRemediationConfig, type RemediationConfig } from '../core/remediation/config';
import { RULE_ID_LIST } from '../core/rules/index';
import { parseRulesConfig, type RulesConfig } from '../core/rules/rules-config';

export interface RuntimeSettings {
  remediation: RemediationConfig;
  rules: Partial<RulesConfig>;
  /** Role ARNs whose changes are evaluated and reported but never reverted. */
  trustedPrincipals: string[];
  historyRetentionDays?: number;
}

export class RuntimeSettingsError extends Error {
  override readonly name = 'RuntimeSettingsError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the settings document; `source` names it in errors (e.g. "env NETWARDEN_SETTINGS"). */
export function parseRuntimeSettings(text: string | undefined, source: string): RuntimeSettings {
  if (text === undefined || text.trim() === '') {
    return { remediation: parseRemediationConfig(undefined, source), rules: {}, trustedPrincipals: [] };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error: unknown) {
    throw new RuntimeSettingsError(`${source}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(doc)) throw new RuntimeSettingsError(`${source}: $: expected an object`);
  const trusted = doc.trustedPrincipals ?? [];
  if (!Array.isArray(trusted) || !trusted.every((t): t is string => typeof t === 'string')) {
    throw new RuntimeSettingsError(`${source}: $.trustedPrincipals: expected a list of role ARNs`);
  }
  const days = doc.historyRetentionDays;
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1)) {
    throw new RuntimeSettingsError(`${source}: $.historyRetentionDays: expected a whole number of days >= 1`);
  }
  return {
    remediation: parseRemediationConfig(doc.remediation, `${source} $.remediation`),
    rules: doc.rules === undefined ? {} : parseRulesConfig(doc.rules, `${source} $.rules`, RULE_ID_LIST),
    trustedPrincipals: trusted,
    ...(days === undefined ? {} : { historyRetentionDays: days }),
  };
}
