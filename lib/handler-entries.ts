import * as path from 'node:path';

const HANDLERS = path.join(__dirname, '..', 'lambdas', 'handlers');

/** The Lambda entry files, one per function; `lib` knows the runtime code only by these paths. */
export const HANDLER_ENTRIES = {
  configRuleEvaluator: path.join(HANDLERS, 'config-rule-evaluator.ts'),
  changeResponder: path.join(HANDLERS, 'change-responder.ts'),
  alarmResponder: path.join(HANDLERS, 'alarm-responder.ts'),
  scheduledAssurance: path.join(HANDLERS, 'scheduled-assurance.ts'),
  historyExport: path.join(HANDLERS, 'history-export.ts'),
} as const;

/** Name of the intents file bundled next to a handler (read through NETWARDEN_INTENTS_FILE). */
export const BUNDLED_INTENTS_FILE = 'intents.yaml';
