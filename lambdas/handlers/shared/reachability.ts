import type { IntentsFile } from '../../core/intents/intent';
import { parseIntents } from '../../core/intents/parse-intents';
import { readIntentsYaml } from './intents';

export { reachability } from '../../usecases/reachability';

/** The deployment's intents (none when the stack was given none). */
export function intentsFromEnv(): IntentsFile {
  const yaml = readIntentsYaml();
  return yaml === undefined ? { version: 1, intents: [] } : parseIntents(yaml.text, yaml.source);
}
