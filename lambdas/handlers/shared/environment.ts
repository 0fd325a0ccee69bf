/** Reads the function's configuration from its environment, naming what is missing. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new EnvironmentError(`environment variable ${name} is not set: the NetWarden stack sets it; deploy with it`);
  }
  return value;
}

export function region(): string {
  return requireEnv('AWS_REGION');
}
