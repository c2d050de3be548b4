/** EKS: clusters. */
import { arr, listSummary, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const eks: ServiceSpec = {
  service: 'eks',
  aliases: ['kubernetes', 'k8s'],
  title: 'EKS',
  resources: [
    {
      resource: 'clusters',
      aliases: ['cluster'],
      description: 'EKS clusters',
      call: () => ({ service: 'eks', operation: 'ListClusters', params: {} }),
      summarize: (response, f) =>
        listSummary(
          arr(obj(response).clusters).map((c) => str(c)),
          'cluster',
          f,
        ),
    },
  ],
};
