/** CloudFormation: stacks with their status. */
import { records, str, summarizeItems } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const cloudformation: ServiceSpec = {
  service: 'cloudformation',
  aliases: ['cfn', 'stacks'],
  title: 'CloudFormation',
  resources: [
    {
      resource: 'stacks',
      aliases: ['stack'],
      description: 'CloudFormation stacks with status',
      call: () => ({ service: 'cloudformation', operation: 'DescribeStacks', params: {} }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'Stacks').map((s) => ({
            name: str(s.StackName),
            status: str(s.StackStatus, 'UNKNOWN'),
          })),
          f,
          {
            name: (s) => s.name,
            line: (s) => `${s.name} ${s.status}`,
            noun: 'stack',
            state: (s) => s.status,
          },
        ),
    },
  ],
};
