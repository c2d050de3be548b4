/** SNS: topics. */
import { lastSegment, listResource, records, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const sns: ServiceSpec = {
  service: 'sns',
  aliases: ['topics', 'topic'],
  title: 'SNS',
  resources: [
    listResource({
      resource: 'topics',
      aliases: ['topic'],
      description: 'SNS topics',
      lists: 'sns.ListTopics',
      names: (response) => records(response, 'Topics').map((t) => lastSegment(str(t.TopicArn))),
      noun: 'topic',
    }),
  ],
};
