/** The reachability engine's public API. */

export { type FlowCheck, type IntentResult, verifyIntents } from '../intents/verify-intents';
export { analyzePath, requestedServices } from './analyze-path';
export { assessExposure } from './assess-exposure';
export { type ExposureAnswer, type ExposureOptions, exposureOf, type InterfaceExposure } from './exposure';
export { reachIndexFor } from './reach-index';
export * from './types';
