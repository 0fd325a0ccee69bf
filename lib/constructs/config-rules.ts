import { Stack } from 'aws-cdk-lib';
import { CustomRule, type MaximumExecutionFrequency, ResourceType, RuleScope } from 'aws-cdk-lib/aws-config';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { NetWardenFunction } from './netwarden-function';

export interface ConfigRulesProps {
  readonly evaluator: NetWardenFunction;
  /** @default - AWS Config's default for periodic rules (24 hours) */
  readonly frequency?: MaximumExecutionFrequency;
}

/** The resource types the change-triggered rule watches. */
export const CONFIG_RULE_RESOURCE_TYPES = [
  ResourceType.EC2_SECURITY_GROUP,
  ResourceType.EC2_NETWORK_ACL,
  ResourceType.EC2_ROUTE_TABLE,
  ResourceType.EC2_SUBNET,
  ResourceType.EC2_VPC,
];

/**
 * Two custom Lambda rules on one evaluator: one triggered by configuration changes (normal and
 * oversized notifications) of the network resource types, one periodic that re-evaluates
 * everything and retires resources that disappeared.
 */
export class ConfigRules extends Construct {
  readonly changeRule: CustomRule;
  readonly periodicRule: CustomRule;

  constructor(scope: Construct, id: string, props: ConfigRulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const fn = props.evaluator.function;
    // CustomRule attaches the AWS-managed AWSConfigRulesExecutionRole (config:Put* on *) to a
    // function it is given with a role; a reference without one keeps the role least-privilege.
    // The invoke permission it adds is scoped to this account: a SourceArn would be a cycle, as
    // AWS Config checks the permission before it creates the rule and its ARN.
    const target = LambdaFunction.fromFunctionAttributes(this, 'Evaluator', {
      functionArn: fn.functionArn,
      sameEnvironment: true,
    });
    this.changeRule = new CustomRule(this, 'ChangeRule', {
      lambdaFunction: target,
      configurationChanges: true,
      ruleScope: RuleScope.fromResources(CONFIG_RULE_RESOURCE_TYPES),
      description:
        'NetWarden: security groups, network ACLs, route tables, subnets and VPCs judged on the network model (reachability as evidence)',
    });
    this.periodicRule = new CustomRule(this, 'PeriodicRule', {
      lambdaFunction: target,
      periodic: true,
      maximumExecutionFrequency: props.frequency,
      description:
        'NetWarden: periodic re-evaluation of the whole network; resources that disappeared become NOT_APPLICABLE',
    });
    const role = props.evaluator.role;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReportEvaluations',
        effect: Effect.ALLOW,
        // Neither call supports resource-level permissions.
        actions: ['config:PutEvaluations', 'config:GetResourceConfigHistory'],
        resources: ['*'],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ListRuleVerdicts',
        effect: Effect.ALLOW,
        actions: ['config:GetComplianceDetailsByConfigRule'],
        // The rules' own ARNs would make a cycle (rule -> function -> role policy -> rule).
        resources: [`arn:${stack.partition}:config:${stack.region}:${stack.account}:config-rule/*`],
      }),
    );
  }
}
