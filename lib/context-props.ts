import { MaximumExecutionFrequency } from 'aws-cdk-lib/aws-config';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NetWardenPropsError, type NetWardenStackProps } from './netwarden-props';

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KEYS = [
  'modes',
  'notificationEmails',
  'intents',
  'intentsFile',
  'riskyPortOverrides',
  'exemptions',
  'schedule',
  'configRuleFrequency',
  'flowLogGroupNames',
  'rejectThreshold',
  'trustedPrincipals',
  'logRetentionDays',
  'historyRetentionDays',
  'historyExportRetention',
] as const;

function stringList(value: Json, key: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new NetWardenPropsError(`context netwarden.${key}`, 'expected a list of strings');
  }
  return value;
}

function optionalString(value: Json, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new NetWardenPropsError(`context netwarden.${key}`, 'expected a string');
  return value;
}

function optionalNumber(value: Json, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new NetWardenPropsError(`context netwarden.${key}`, 'expected a number');
  return value;
}

/**
 * The stack props from the `netwarden` context object (cdk.json or `-c netwarden='{...}'`), so a
 * deployment is configured without editing code. Deeper checks happen in resolveNetWardenProps.
 */
export function propsFromContext(context: Json): NetWardenStackProps {
  const raw: Json = typeof context === 'string' ? JSON.parse(context) : (context ?? {});
  if (!isRecord(raw)) throw new NetWardenPropsError('context netwarden', 'expected an object of NetWarden settings');
  for (const key of Object.keys(raw)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new NetWardenPropsError(`context netwarden.${key}`, `unknown setting; known: ${KEYS.join(', ')}`);
    }
  }
  const schedule = optionalString(raw.schedule, 'schedule');
  const frequency = optionalString(raw.configRuleFrequency, 'configRuleFrequency');
  const frequencies = Object.values(MaximumExecutionFrequency) as string[];
  if (frequency !== undefined && !frequencies.includes(frequency)) {
    throw new NetWardenPropsError('context netwarden.configRuleFrequency', `expected one of ${frequencies.join(', ')}`);
  }
  const retention = optionalNumber(raw.logRetentionDays, 'logRetentionDays');
  const retentions = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
  if (retention !== undefined && !retentions.includes(retention)) {
    throw new NetWardenPropsError('context netwarden.logRetentionDays', `expected one of ${retentions.join(', ')}`);
  }
  if (raw.modes !== undefined && !isRecord(raw.modes)) {
    throw new NetWardenPropsError('context netwarden.modes', 'expected an object of rule id to detect | notify | auto');
  }
  if (raw.riskyPortOverrides !== undefined && !isRecord(raw.riskyPortOverrides)) {
    throw new NetWardenPropsError(
      'context netwarden.riskyPortOverrides',
      'expected an object with add and remove lists',
    );
  }
  if (raw.historyExportRetention !== undefined && !isRecord(raw.historyExportRetention)) {
    throw new NetWardenPropsError(
      'context netwarden.historyExportRetention',
      'expected an object { "mode": "COMPLIANCE" | "GOVERNANCE", "days": N }',
    );
  }
  if (raw.exemptions !== undefined && !Array.isArray(raw.exemptions)) {
    throw new NetWardenPropsError('context netwarden.exemptions', 'expected a list of exemptions');
  }
  return {
    modes: raw.modes as NetWardenStackProps['modes'],
    notificationEmails: stringList(raw.notificationEmails, 'notificationEmails'),
    intents: optionalString(raw.intents, 'intents'),
    intentsFile: optionalString(raw.intentsFile, 'intentsFile'),
    riskyPortOverrides: raw.riskyPortOverrides as NetWardenStackProps['riskyPortOverrides'],
    exemptions: raw.exemptions as NetWardenStackProps['exemptions'],
    schedule: schedule === undefined ? undefined : Schedule.expression(schedule),
    configRuleFrequency: frequency as MaximumExecutionFrequency | undefined,
    flowLogGroupNames: stringList(raw.flowLogGroupNames, 'flowLogGroupNames'),
    rejectThreshold: optionalNumber(raw.rejectThreshold, 'rejectThreshold'),
    trustedPrincipals: stringList(raw.trustedPrincipals, 'trustedPrincipals'),
    logRetention: retention as RetentionDays | undefined,
    historyRetentionDays: optionalNumber(raw.historyRetentionDays, 'historyRetentionDays'),
    historyExportRetention: raw.historyExportRetention as NetWardenStackProps['historyExportRetention'],
  };
}
