import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The intents YAML bundled next to the handler (NETWARDEN_INTENTS_FILE, relative to the bundle), or
 * undefined when the deployment has none.
 */
export function readIntentsYaml(): { text: string; source: string } | undefined {
  const file = process.env.NETWARDEN_INTENTS_FILE;
  if (file === undefined || file === '') return undefined;
  const absolute = path.resolve(__dirname, file);
  return { text: readFileSync(absolute, 'utf8'), source: absolute };
}
