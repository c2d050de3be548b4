/** ECS: clusters. */
import { arr, lastSegment, listResource, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const ecs: ServiceSpec = {
  service: 'ecs',
  aliases: ['fargate', 'containers'],
  title: 'ECS',
  resources: [
    listResource({
      resource: 'clusters',
      aliases: ['cluster'],
      description: 'ECS clusters',
      lists: 'ecs.ListClusters',
      names: (response) => arr(obj(response).clusterArns).map((a) => lastSegment(str(a))),
      noun: 'cluster',
    }),
  ],
};
