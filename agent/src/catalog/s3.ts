/** S3: buckets (a global listing). */
import { listResource, records, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const s3: ServiceSpec = {
  service: 's3',
  aliases: ['buckets', 'bucket'],
  title: 'S3',
  resources: [
    listResource({
      resource: 'buckets',
      aliases: ['bucket'],
      description: 'S3 buckets (global: listed once per account)',
      globalRegion: 'us-east-1',
      lists: 's3.ListBuckets',
      names: (response) => records(response, 'Buckets').map((b) => str(b.Name)),
      noun: 'bucket',
      shape: { items: 'Buckets[]', name: 'Name' },
    }),
  ],
};
