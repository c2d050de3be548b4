import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminRemoveUserFromGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CognitoUserDirectory } from '#access/index.ts';
import { type LocalCognito, startLocalCognito } from '#local/components/cognito.ts';

describe('CognitoUserDirectory', () => {
  let cognito: LocalCognito;
  let now = 0;
  const directory = () =>
    new CognitoUserDirectory({ client: cognito.client, userPoolId: cognito.userPoolId, now: () => now });
  const sub = (username: string) => cognito.users.find((user) => user.username === username)?.sub ?? '';

  beforeAll(async () => {
    cognito = await startLocalCognito({
      users: [
        { username: 'alice', groups: ['ops-all-readers'] },
        { username: 'bob', groups: ['ops-dev-readers', 'ops-staging-readers'] },
        { username: 'carol', groups: ['ops-prod-readers'] },
        { username: 'dave', groups: ['ops-dev-readers'] },
        { username: 'erin', sub: '0e0e0e0e-1111-4222-8333-444444444444', enabled: false },
      ],
    });
  });
  afterAll(async () => {
    await cognito?.stop();
  });

  it('finds a user by sub with their groups and enabled state', async () => {
    // Act
    const user = await directory().getUser(sub('bob'));

    // Assess
    expect(user).toEqual({
      username: 'bob',
      sub: sub('bob'),
      enabled: true,
      groups: expect.arrayContaining(['ops-dev-readers', 'ops-staging-readers']),
    });
    expect(user?.groups).toHaveLength(2);
  });

  it('finds a user by username, with the same answer as by sub', async () => {
    // Act
    const byUsername = await directory().getUserByUsername('alice');

    // Assess
    expect(byUsername).toEqual(await directory().getUser(sub('alice')));
  });

  it('reports a disabled user as not enabled', async () => {
    // Act
    const user = await directory().getUser('0e0e0e0e-1111-4222-8333-444444444444');

    // Assess
    expect(user).toMatchObject({ username: 'erin', enabled: false });
  });

  it('answers undefined for an unknown sub and never sends a non-UUID into a ListUsers filter', async () => {
    // Prepare
    const subject = directory();
    const send = vi.spyOn(cognito.client, 'send');

    // Act
    const unknown = await subject.getUser('99999999-9999-4999-8999-999999999999');
    const injected = await subject.getUser('x" or username ^= "');

    // Assess
    expect(unknown).toBeUndefined();
    expect(injected).toBeUndefined();
    expect(send).toHaveBeenCalledTimes(1);
    send.mockRestore();
  });

  it('applies a removal from a group once the 60 s cache expires, not before', async () => {
    // Prepare
    const subject = directory();
    now = 1_000_000;
    expect((await subject.getUser(sub('carol')))?.groups).toEqual(['ops-prod-readers']);
    await cognito.client.send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: cognito.userPoolId,
        Username: 'carol',
        GroupName: 'ops-prod-readers',
      }),
    );

    // Act
    now += 59_000;
    const cached = await subject.getUser(sub('carol'));
    now += 2_000;
    const refreshed = await subject.getUser(sub('carol'));

    // Assess
    expect(cached?.groups).toEqual(['ops-prod-readers']);
    expect(refreshed?.groups).toEqual([]);
  });

  it('sees a user disabled, then deleted, once the cache expires', async () => {
    // Prepare
    const subject = directory();
    now = 5_000_000;
    expect((await subject.getUser(sub('dave')))?.enabled).toBe(true);

    // Act
    await cognito.client.send(
      new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'dave' }),
    );
    now += 60_001;
    const disabled = await subject.getUser(sub('dave'));
    await cognito.client.send(
      new AdminDeleteUserCommand({ UserPoolId: cognito.userPoolId, Username: 'dave' }),
    );
    now += 60_001;
    const deleted = await subject.getUser(sub('dave'));

    // Assess
    expect(disabled?.enabled).toBe(false);
    expect(deleted).toBeUndefined();
  });
});
