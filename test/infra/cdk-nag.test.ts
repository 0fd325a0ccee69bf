import { Aspects, CfnResource } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { NetWardenStack } from '../../lib/netwarden-stack';
import { synthStack } from './synth-stack';

let stack: NetWardenStack;
let annotations: Annotations;

beforeAll(() => {
  stack = synthStack();
  Aspects.of(stack).add(new AwsSolutionsChecks());
  annotations = Annotations.fromStack(stack);
});

function messages(entries: { id: string; entry: { data?: unknown } }[]): string[] {
  return entries.map((e) => `${e.id}: ${String(e.entry.data)}`);
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unsuppressed error', () => {
    // Act
    const errors = annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));

    // Assess
    expect(messages(errors)).toEqual([]);
  });

  it('reports no unsuppressed warning', () => {
    // Act
    const warnings = annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));

    // Assess
    expect(messages(warnings)).toEqual([]);
  });

  it('gives every suppression a reason a reviewer can check', () => {
    // Act
    const suppressions = stack.node
      .findAll()
      .filter((c): c is CfnResource => c instanceof CfnResource)
      .flatMap(
        (r) =>
          (r.getMetadata('cdk_nag') as { rules_to_suppress?: { id: string; reason: string }[] } | undefined)
            ?.rules_to_suppress ?? [],
      );

    // Assess
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) expect(s.reason.length).toBeGreaterThan(40);
  });
});
