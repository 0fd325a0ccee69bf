/**
 * The environment the stack gives every function. Imported before a handler, so the handler's
 * module-scope wiring reads it exactly as in Lambda.
 */
import * as path from 'node:path';

export const OWN_ROLE_ARN = 'arn:aws:iam::111122223333:role/NetWardenStack-RemediatorRole4F1E2D3C-1A2B3C4D5E6F';
export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:NetWarden-NotificationsTopic';
export const HISTORY_TABLE = 'NetWarden-TablesHistoryTable';
export const IDEMPOTENCY_TABLE = 'NetWarden-TablesIdempotencyTable';

Object.assign(process.env, {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  POWERTOOLS_SERVICE_NAME: 'netwarden',
  POWERTOOLS_METRICS_NAMESPACE: 'NetWarden',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  NETWARDEN_TOPIC_ARN: TOPIC_ARN,
  NETWARDEN_HISTORY_TABLE: HISTORY_TABLE,
  NETWARDEN_IDEMPOTENCY_TABLE: IDEMPOTENCY_TABLE,
  NETWARDEN_OWN_ROLE_ARN: OWN_ROLE_ARN,
  NETWARDEN_INTENTS_FILE: path.join(__dirname, '..', '..', '..', 'examples', 'acme', 'intents.yaml'),
  NETWARDEN_SETTINGS: JSON.stringify({
    remediation: { version: 1, modes: { 'sg-risky-port-open-to-internet': 'auto' } },
    rules: {},
    trustedPrincipals: ['arn:aws:iam::111122223333:role/acme-terraform-deploy'],
  }),
});

/** A Lambda context as the runtime passes it (Powertools reads the request id and remaining time). */
export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'NetWarden-ChangeResponder',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:NetWarden-ChangeResponder',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/NetWarden-ChangeResponder',
  logStreamName: '2026/11/22/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 120_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
