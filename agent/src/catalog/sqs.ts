/** SQS: queues. */
import { arr, lastSegment, listSummary, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const sqs: ServiceSpec = {
  service: 'sqs',
  aliases: ['queues', 'queue'],
  title: 'SQS',
  resources: [
    {
      resource: 'queues',
      aliases: ['queue'],
      description: 'SQS queues',
      call: () => ({ service: 'sqs', operation: 'ListQueues', params: {} }),
      summarize: (response, f) =>
        listSummary(
          arr(obj(response).QueueUrls).map((u) => lastSegment(str(u))),
          'queue',
          f,
        ),
    },
  ],
};
