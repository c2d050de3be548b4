/** A planned query: what the query verb runs, what a session keeps for "and in staging?". */
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
