/** IAM: users and roles (global). */
import { listSummary, records, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const iam: ServiceSpec = {
  service: 'iam',
  aliases: ['users', 'roles'],
  title: 'IAM',
  resources: [
    {
      resource: 'users',
      aliases: ['user'],
      description: 'IAM users (global)',
      globalRegion: 'us-east-1',
      call: () => ({ service: 'iam', operation: 'ListUsers', params: {} }),
      summarize: (response, f) =>
        listSummary(
          records(response, 'Users').map((u) => str(u.UserName)),
          'user',
          f,
        ),
    },
    {
      resource: 'roles',
      aliases: ['role'],
      description: 'IAM roles (global)',
      globalRegion: 'us-east-1',
      call: () => ({ service: 'iam', operation: 'ListRoles', params: {} }),
      summarize: (response, f) =>
        listSummary(
          records(response, 'Roles').map((r) => str(r.RoleName)),
          'role',
          f,
        ),
    },
  ],
};
