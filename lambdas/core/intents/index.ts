/** Intents: the flows the owners declared, their file format and their verification. */
export { describeSelector, type EndpointSelector, type Intent, type IntentKind, type IntentsFile } from './intent';
export { IntentsParseError, parseIntents } from './parse-intents';
export { type FlowCheck, type IntentResult, resolveSelector, verifyIntents } from './verify-intents';
