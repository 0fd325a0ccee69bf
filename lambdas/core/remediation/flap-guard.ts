/**
 * The flap guard: when the same rule on the same resource keeps coming back (typically IaC or a
 * person re-opening what NetWarden closed), fighting it forever helps nobody. After
 * `maxRemediations` remediations inside the window the next one is refused and escalated to a
 * person. Pure: the history and the clock are inputs.
 */
import type { FlapGuardSettings } from './config';

/** One past remediation, as the history store (or the CLI's plan store) lists it. */
export interface RemediationEvent {
  resourceId: string;
  ruleId: string;
  /** ISO-8601 instant the remediation was applied. */
  at: string;
}

export interface FlapCheck {
  tripped: boolean;
  /** Remediations of this resource and rule inside the window. */
  count: number;
  settings: FlapGuardSettings;
  reason: string;
}

export function checkFlap(
  history: readonly RemediationEvent[],
  resourceId: string,
  ruleId: string,
  now: Date,
  settings: FlapGuardSettings,
): FlapCheck {
  const windowStart = now.getTime() - settings.windowHours * 3600 * 1000;
  const count = history.filter((event) => {
    if (event.resourceId !== resourceId || event.ruleId !== ruleId) return false;
    const at = Date.parse(event.at);
    return at > windowStart && at <= now.getTime();
  }).length;
  const tripped = count >= settings.maxRemediations;
  const reason = tripped
    ? `flap guard: ${ruleId} on ${resourceId} was already remediated ${count} times in the last ${settings.windowHours}h (limit ${settings.maxRemediations}); something keeps re-opening it, so NetWarden stops and escalates to a person`
    : `flap guard: ${count} of ${settings.maxRemediations} remediations used in the last ${settings.windowHours}h`;
  return { tripped, count, settings, reason };
}
