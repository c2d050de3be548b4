/** Elastic Load Balancing v2: load balancers, target groups, target health and tags. */

import { environmentOf } from './dataset.ts';
import { AwsApiError } from './errors.ts';
import type { Operation } from './operation.ts';

function notFound(what: 'LoadBalancer' | 'TargetGroup', names: readonly string[]): AwsApiError {
  return what === 'LoadBalancer'
    ? new AwsApiError('LoadBalancerNotFound', `Load balancers '[${names.join(', ')}]' not found`)
    : new AwsApiError('TargetGroupNotFound', `Target groups '[${names.join(', ')}]' not found`);
}

export const ELBV2_OPERATIONS: Record<string, Operation> = {
  DescribeLoadBalancers: ({ data, p }) => {
    const names = p.list('Names');
    const arns = p.list('LoadBalancerArns');
    const found = data.loadBalancers.filter(
      (lb) =>
        (names.length === 0 || names.includes(lb.LoadBalancerName)) &&
        (arns.length === 0 || arns.includes(lb.LoadBalancerArn)),
    );
    const missing = [
      ...names.filter((n) => !found.some((lb) => lb.LoadBalancerName === n)),
      ...arns.filter((a) => !found.some((lb) => lb.LoadBalancerArn === a)),
    ];
    if (missing.length > 0) throw notFound('LoadBalancer', missing);
    return { LoadBalancers: found };
  },
  DescribeTargetGroups: ({ data, p }) => {
    const lbArn = p.string('LoadBalancerArn');
    const arns = p.list('TargetGroupArns');
    const names = p.list('Names');
    if (lbArn && !data.loadBalancers.some((lb) => lb.LoadBalancerArn === lbArn))
      throw notFound('LoadBalancer', [lbArn]);
    const found = data.targetGroups.filter(
      (tg) =>
        (!lbArn || tg.LoadBalancerArns.includes(lbArn)) &&
        (arns.length === 0 || arns.includes(tg.TargetGroupArn)) &&
        (names.length === 0 || names.includes(tg.TargetGroupName)),
    );
    const missing = [
      ...arns.filter((a) => !found.some((tg) => tg.TargetGroupArn === a)),
      ...names.filter((n) => !found.some((tg) => tg.TargetGroupName === n)),
    ];
    if (missing.length > 0) throw notFound('TargetGroup', missing);
    return { TargetGroups: found.map(({ targets: _targets, ...group }) => group) };
  },
  DescribeTargetHealth: ({ data, p }) => {
    const arn = p.string('TargetGroupArn');
    if (!arn)
      throw new AwsApiError(
        'ValidationError',
        "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
      );
    const group = data.targetGroups.find((tg) => tg.TargetGroupArn === arn);
    if (!group) throw notFound('TargetGroup', [arn]);
    return { TargetHealthDescriptions: group.targets };
  },
  DescribeTags: ({ data, p, account }) => {
    const arns = p.list('ResourceArns');
    if (arns.length === 0 || arns.length > 20)
      throw new AwsApiError('ValidationError', 'ResourceArns must hold 1 to 20 ARNs.');
    return {
      TagDescriptions: arns.map((arn) => {
        const known =
          data.loadBalancers.some((lb) => lb.LoadBalancerArn === arn) ||
          data.targetGroups.some((tg) => tg.TargetGroupArn === arn);
        if (!known) throw notFound(arn.includes(':targetgroup/') ? 'TargetGroup' : 'LoadBalancer', [arn]);
        return {
          ResourceArn: arn,
          Tags: [
            { Key: 'Environment', Value: environmentOf(account.name) },
            { Key: 'ManagedBy', Value: 'cloudformation' },
          ],
        };
      }),
    };
  },
};
