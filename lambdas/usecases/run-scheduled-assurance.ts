/** The scheduled assurance run: everything `runAssurance` does, with metrics for the alarms. */
import type { ScheduledRun } from '../events/schedule-event';
import { type AssuranceDeps, type AssuranceReport, runAssurance } from './run-assurance';

export function runScheduledAssurance(run: ScheduledRun, deps: AssuranceDeps): Promise<AssuranceReport> {
  return runAssurance(
    { source: 'schedule', eventId: run.eventId, description: `scheduled run at ${run.time}`, alwaysNotify: false },
    deps,
  );
}
