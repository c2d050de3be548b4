import { describe, expect, it } from 'vitest';
import { identityConfig, WorkspaceAllowList } from '#bot/src/identity/index.ts';

describe('Class: WorkspaceAllowList', () => {
  it('allows only the listed platform:workspace pairs', () => {
    // Prepare
    const list = new WorkspaceAllowList(
      identityConfig({ ALLOWED_WORKSPACES: ' slack:T0CENTRAL ,teams:00000000-0000-0000-0000-0000000000aa,' })
        .allowedWorkspaces,
    );

    // Act & Assess
    expect(list.allows('slack', 'T0CENTRAL')).toBe(true);
    expect(list.allows('teams', '00000000-0000-0000-0000-0000000000aa')).toBe(true);
    expect(list.allows('teams', 'T0CENTRAL')).toBe(false);
    expect(list.allows('slack', 'T0OTHER')).toBe(false);
    expect(list.allows('slack', '')).toBe(false);
  });

  it.each([undefined, '', ' , '])('refuses every workspace when ALLOWED_WORKSPACES is %j', (value) => {
    // Prepare
    const list = new WorkspaceAllowList(identityConfig({ ALLOWED_WORKSPACES: value }).allowedWorkspaces);

    // Act & Assess
    expect(list.allows('slack', 'T0CENTRAL')).toBe(false);
  });
});
