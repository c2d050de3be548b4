/** SQS: queues. */
import { arr, lastSegment, listResource, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const sqs: ServiceSpec = {
  service: 'sqs',
  aliases: ['queues', 'queue'],
  title: 'SQS',
  resources: [
    listResource({
      resource: 'queues',
      aliases: ['queue'],
      description: 'SQS queues',
      lists: 'sqs.ListQueues',
      names: (response) => arr(obj(response).QueueUrls).map((u) => lastSegment(str(u))),
      noun: 'queue',
    }),
  ],
};
