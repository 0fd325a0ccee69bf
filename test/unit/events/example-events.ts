import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const EXAMPLE_EVENTS_DIR = path.join(__dirname, '..', '..', '..', 'examples', 'acme', 'events');

/** One of the example account's real-shaped events, parsed fresh (tests mutate their copy). */
export function exampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(EXAMPLE_EVENTS_DIR, name), 'utf8')) as Record<string, unknown>;
}
