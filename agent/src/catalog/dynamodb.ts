/** DynamoDB: tables. */
import { arr, listResource, obj, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const dynamodb: ServiceSpec = {
  service: 'dynamodb',
  aliases: ['dynamo', 'ddb', 'tables'],
  title: 'DynamoDB',
  resources: [
    listResource({
      resource: 'tables',
      aliases: ['table'],
      description: 'DynamoDB tables',
      lists: 'dynamodb.ListTables',
      names: (response) => arr(obj(response).TableNames).map((t) => str(t)),
      noun: 'table',
    }),
  ],
};
