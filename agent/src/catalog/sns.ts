/** SNS: topics. */
import { lastSegment, listSummary, records, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const sns: ServiceSpec = {
  service: 'sns',
  aliases: ['topics', 'topic'],
  title: 'SNS',
  resources: [
    {
      resource: 'topics',
      aliases: ['topic'],
      description: 'SNS topics',
      call: () => ({ service: 'sns', operation: 'ListTopics', params: {} }),
      summarize: (response, f) =>
        listSummary(
          records(response, 'Topics').map((t) => lastSegment(str(t.TopicArn))),
          'topic',
          f,
        ),
    },
  ],
};
