/** A planned query: what the query verb runs, what memory keeps (as words) for "and in staging?". */
import type { Filters, ResourceSpec, ServiceSpec } from '../catalog/index.ts';

export interface QueryPlan {
  readonly kind: 'query';
  /** Account name, alias, id, environment or `all`; absent when the question names none. */
  readonly target?: string;
  readonly service: ServiceSpec;
  readonly resource: ResourceSpec;
  /** Overrides the accounts' registered regions. */
  readonly region?: string;
  readonly filters: Filters;
}

/** The plan as the `/ops` words that plan it again (without `/ops`): `prod ec2 instances running us-west-2`. */
export function queryWords(plan: QueryPlan): string {
  const { filters } = plan;
  return [
    plan.target,
    plan.service.service,
    plan.resource.resource,
    plan.region,
    filters.state,
    filters.window?.label,
    filters.name === undefined ? undefined : `name=${filters.name}`,
  ]
    .filter((word): word is string => word !== undefined && word !== '')
    .join(' ');
}
