import type { ExportRetention } from '../../usecases/export-history';
import { EnvironmentError, requireEnv } from './environment';

export const EXPORT_RETENTION_MODE_ENV = 'NETWARDEN_HISTORY_EXPORT_RETENTION_MODE';
export const EXPORT_RETENTION_DAYS_ENV = 'NETWARDEN_HISTORY_EXPORT_RETENTION_DAYS';

/** The Object Lock retention each export is uploaded with, as the stack configured it. */
export function exportRetentionFromEnv(): ExportRetention {
  const mode = requireEnv(EXPORT_RETENTION_MODE_ENV);
  if (mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') {
    throw new EnvironmentError(
      `environment variable ${EXPORT_RETENTION_MODE_ENV}: expected COMPLIANCE or GOVERNANCE, got ${JSON.stringify(mode)}`,
    );
  }
  const text = requireEnv(EXPORT_RETENTION_DAYS_ENV);
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1) {
    throw new EnvironmentError(
      `environment variable ${EXPORT_RETENTION_DAYS_ENV}: expected a whole number of days >= 1, got ${JSON.stringify(text)}`,
    );
  }
  return { mode, days };
}
