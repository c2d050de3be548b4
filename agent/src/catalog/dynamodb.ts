/** DynamoDB: tables. */
import { arr, listSummary, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const dynamodb: ServiceSpec = {
  service: 'dynamodb',
  aliases: ['dynamo', 'ddb', 'tables'],
  title: 'DynamoDB',
  resources: [
    {
      resource: 'tables',
      aliases: ['table'],
      description: 'DynamoDB tables',
      call: () => ({ service: 'dynamodb', operation: 'ListTables', params: {} }),
      summarize: (response, f) =>
        listSummary(
          arr(obj(response).TableNames).map((t) => str(t)),
          'table',
          f,
        ),
    },
  ],
};
