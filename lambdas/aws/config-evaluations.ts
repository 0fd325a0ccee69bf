import {
  type ConfigServiceClient,
  type Evaluation,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
  paginateGetComplianceDetailsByConfigRule,
  type ResourceType,
  type ConfigurationItem as SdkConfigurationItem,
} from '@aws-sdk/client-config-service';
import type { ConfigurationItem, ConfigurationItemSummary } from '../events/config-rule-event';
import type { ComplianceEvaluation, ConfigRuleGateway, EvaluatedResource } from '../usecases/config-rule-gateway';

/** PutEvaluations accepts at most this many evaluations a call. */
export const EVALUATION_BATCH_SIZE = 100;
/** And at most this many characters of annotation. */
export const ANNOTATION_LIMIT = 256;
const TRUNCATION_MARKER = ' [...]';

export function truncateAnnotation(text: string): string {
  return text.length <= ANNOTATION_LIMIT
    ? text
    : `${text.slice(0, ANNOTATION_LIMIT - TRUNCATION_MARKER.length)}${TRUNCATION_MARKER}`;
}

export class ConfigEvaluationsError extends Error {
  override readonly name = 'ConfigEvaluationsError';
}

function toSdkEvaluation(e: ComplianceEvaluation): Evaluation {
  return {
    ComplianceResourceType: e.resourceType,
    ComplianceResourceId: e.resourceId,
    ComplianceType: e.compliance,
    Annotation: truncateAnnotation(e.annotation),
    OrderingTimestamp: e.orderingTimestamp,
  };
}

/**
 * The history API returns `configuration` as a JSON string and times as dates; the invoking event
 * has an object and ISO strings. Map to the invoking-event shape so one mapper reads both.
 */
function toInvokingEventItem(sdk: SdkConfigurationItem, summary: ConfigurationItemSummary): ConfigurationItem {
  let configuration: unknown = null;
  if (sdk.configuration !== undefined) {
    try {
      configuration = JSON.parse(sdk.configuration);
    } catch (error: unknown) {
      throw new ConfigEvaluationsError(
        `GetResourceConfigHistory ${summary.resourceType} ${summary.resourceId}: configuration is not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  const captureTime = sdk.configurationItemCaptureTime?.toISOString() ?? summary.configurationItemCaptureTime;
  const status = sdk.configurationItemStatus ?? summary.configurationItemStatus;
  return {
    resourceType: sdk.resourceType ?? summary.resourceType,
    resourceId: sdk.resourceId ?? summary.resourceId,
    configurationItemStatus: status,
    configurationItemCaptureTime: captureTime,
    item: {
      configurationItemCaptureTime: captureTime,
      configurationItemStatus: status,
      configurationStateId: sdk.configurationStateId,
      resourceType: sdk.resourceType ?? summary.resourceType,
      resourceId: sdk.resourceId ?? summary.resourceId,
      resourceName: sdk.resourceName,
      ARN: sdk.arn,
      awsAccountId: sdk.accountId,
      awsRegion: sdk.awsRegion,
      availabilityZone: sdk.availabilityZone,
      tags: sdk.tags ?? {},
      relationships: sdk.relationships ?? [],
      configuration,
    },
  };
}

export class AwsConfigRuleGateway implements ConfigRuleGateway {
  constructor(private readonly client: ConfigServiceClient) {}

  async putEvaluations(resultToken: string, evaluations: readonly ComplianceEvaluation[]): Promise<number> {
    const failed: string[] = [];
    let calls = 0;
    for (let start = 0; start < evaluations.length; start += EVALUATION_BATCH_SIZE) {
      const batch = evaluations.slice(start, start + EVALUATION_BATCH_SIZE).map(toSdkEvaluation);
      const response = await this.client.send(
        new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: batch }),
      );
      calls += 1;
      for (const f of response.FailedEvaluations ?? [])
        failed.push(`${f.ComplianceResourceType} ${f.ComplianceResourceId}`);
    }
    if (failed.length > 0) {
      throw new ConfigEvaluationsError(`PutEvaluations rejected ${failed.length} evaluation(s): ${failed.join(', ')}`);
    }
    return calls;
  }

  async fetchItem(summary: ConfigurationItemSummary): Promise<ConfigurationItem> {
    const response = await this.client.send(
      new GetResourceConfigHistoryCommand({
        resourceType: summary.resourceType as ResourceType,
        resourceId: summary.resourceId,
        laterTime: new Date(summary.configurationItemCaptureTime),
        limit: 1,
      }),
    );
    const item = response.configurationItems?.[0];
    if (item === undefined) {
      throw new ConfigEvaluationsError(
        `GetResourceConfigHistory returned no item for ${summary.resourceType} ${summary.resourceId} at ${summary.configurationItemCaptureTime}`,
      );
    }
    return toInvokingEventItem(item, summary);
  }

  async listEvaluatedResources(configRuleName: string): Promise<EvaluatedResource[]> {
    const resources: EvaluatedResource[] = [];
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client: this.client },
      { ConfigRuleName: configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'] },
    );
    for await (const page of pages) {
      for (const result of page.EvaluationResults ?? []) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (qualifier?.ResourceType && qualifier.ResourceId) {
          resources.push({ resourceType: qualifier.ResourceType, resourceId: qualifier.ResourceId });
        }
      }
    }
    return resources;
  }
}
