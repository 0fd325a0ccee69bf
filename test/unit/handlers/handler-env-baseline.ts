/** Imported after handler-env: the stack gives the change responder a baseline bucket. */
export const BASELINE_BUCKET = 'netwarden-baselinebucket-1a2b3c4d5e6f';
export const BASELINE_KEY = 'baseline/netwarden-baseline.json';

Object.assign(process.env, { NETWARDEN_BASELINE_BUCKET: BASELINE_BUCKET, NETWARDEN_BASELINE_KEY: BASELINE_KEY });
