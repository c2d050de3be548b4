/** EKS: clusters. */
import { arr, listResource, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const eks: ServiceSpec = {
  service: 'eks',
  aliases: ['kubernetes', 'k8s'],
  title: 'EKS',
  resources: [
    listResource({
      resource: 'clusters',
      aliases: ['cluster'],
      description: 'EKS clusters',
      lists: 'eks.ListClusters',
      names: (response) => arr(obj(response).clusters).map((c) => str(c)),
      noun: 'cluster',
    }),
  ],
};
