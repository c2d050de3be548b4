/** ECS: clusters. */
import { arr, lastSegment, listSummary, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const ecs: ServiceSpec = {
  service: 'ecs',
  aliases: ['fargate', 'containers'],
  title: 'ECS',
  resources: [
    {
      resource: 'clusters',
      aliases: ['cluster'],
      description: 'ECS clusters',
      call: () => ({ service: 'ecs', operation: 'ListClusters', params: {} }),
      summarize: (response, f) =>
        listSummary(
          arr(obj(response).clusterArns).map((a) => lastSegment(str(a))),
          'cluster',
          f,
        ),
    },
  ],
};
