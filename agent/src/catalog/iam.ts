/** IAM: users and roles (global). */
import { listResource, records, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const iam: ServiceSpec = {
  service: 'iam',
  aliases: ['users', 'roles'],
  title: 'IAM',
  resources: [
    listResource({
      resource: 'users',
      aliases: ['user'],
      description: 'IAM users (global)',
      globalRegion: 'us-east-1',
      lists: 'iam.ListUsers',
      names: (response) => records(response, 'Users').map((u) => str(u.UserName)),
      noun: 'user',
      shape: { items: 'Users[]', name: 'UserName' },
    }),
    listResource({
      resource: 'roles',
      aliases: ['role'],
      description: 'IAM roles (global)',
      globalRegion: 'us-east-1',
      lists: 'iam.ListRoles',
      names: (response) => records(response, 'Roles').map((r) => str(r.RoleName)),
      noun: 'role',
      shape: { items: 'Roles[]', name: 'RoleName' },
    }),
  ],
};
