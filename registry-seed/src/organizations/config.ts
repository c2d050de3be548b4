/** The sync's settings from the environment, shared by the CLI and the scheduled Lambda. */
import { type Env, readEnv } from '#common/env.ts';
import { DEFAULT_TARGET_ROLE_NAME } from '#contracts/environment.ts';
import type { RoleCheckOptions } from './role-check.ts';

/** The member role the probe assumes: TARGET_ROLE_NAME (@default DEFAULT_TARGET_ROLE_NAME), EXTERNAL_ID when set. */
export function roleCheckSettings(env: Env): Pick<RoleCheckOptions, 'roleName' | 'externalId'> {
  const read = readEnv(env);
  return {
    roleName: read.text('TARGET_ROLE_NAME') ?? DEFAULT_TARGET_ROLE_NAME,
    externalId: read.text('EXTERNAL_ID'),
  };
}
