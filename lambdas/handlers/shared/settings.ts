import { parseRuntimeSettings, type RuntimeSettings } from '../../usecases/runtime-settings';

/** NETWARDEN_SETTINGS as the stack wrote it. */
export function settingsFromEnv(): RuntimeSettings {
  return parseRuntimeSettings(process.env.NETWARDEN_SETTINGS, 'env NETWARDEN_SETTINGS');
}
