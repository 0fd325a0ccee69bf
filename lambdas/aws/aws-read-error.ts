/** Errors of AWS read calls turned into one line a person can act on, naming the call that failed. */

export class AwsReadError extends Error {
  override readonly name = 'AwsReadError';

  constructor(
    message: string,
    /** The EC2 API action, e.g. `DescribeVpcs`. */
    readonly action: string,
    /** AWS's error code, e.g. `UnauthorizedOperation`. */
    readonly code: string,
  ) {
    super(message);
  }
}

export const DENIED_CODES: ReadonlySet<string> = new Set([
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'AuthFailure',
]);
const BAD_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'SignatureDoesNotMatch']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `InvalidVpcID.NotFound`, `InvalidGroup.NotFound`, `NatGatewayNotFound`, ... */
export function isNotFound(error: unknown): error is AwsReadError {
  return error instanceof AwsReadError && /NotFound/.test(error.code);
}

export function describeAwsError(error: unknown, action: string, region: string): AwsReadError {
  if (error instanceof AwsReadError) return error;
  const code = errorName(error);
  const detail = errorMessage(error);
  if (DENIED_CODES.has(code)) {
    return new AwsReadError(
      `ec2:${action} was denied in ${region} (${code}). Allow ec2:${action} for the identity in use ` +
        '(the AWS managed policy AmazonEC2ReadOnlyAccess covers every call of a snapshot).',
      action,
      code,
    );
  }
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(detail)) {
    return new AwsReadError(
      `no AWS credentials for ec2:${action}: pass --profile, set AWS_PROFILE or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY ` +
        `variables, or log in with "aws sso login" (${detail})`,
      action,
      code,
    );
  }
  if (EXPIRED.has(code)) {
    return new AwsReadError(
      `the AWS credentials have expired (ec2:${action}, ${code}): refresh them and retry`,
      action,
      code,
    );
  }
  if (BAD_CREDENTIALS.has(code)) {
    return new AwsReadError(`AWS rejected the credentials for ec2:${action} (${code}): ${detail}`, action, code);
  }
  return new AwsReadError(`ec2:${action} failed in ${region}: ${code}: ${detail}`, action, code);
}
