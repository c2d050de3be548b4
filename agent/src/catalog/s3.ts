/** S3: buckets (a global listing). */
import { listSummary, records, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const s3: ServiceSpec = {
  service: 's3',
  aliases: ['buckets', 'bucket'],
  title: 'S3',
  resources: [
    {
      resource: 'buckets',
      aliases: ['bucket'],
      description: 'S3 buckets (global: listed once per account)',
      globalRegion: 'us-east-1',
      call: () => ({ service: 's3', operation: 'ListBuckets', params: {} }),
      summarize: (response, f) =>
        listSummary(
          records(response, 'Buckets').map((b) => str(b.Name)),
          'bucket',
          f,
        ),
    },
  ],
};
