/**
 * Whether the member target role is there in each account: one AssumeRole per account, a few in
 * flight at once. AccessDenied means the role is missing (the StackSet has not reached the account
 * yet, or someone deleted the role) or does not trust us; the credentials issued otherwise are
 * dropped at once. The session carries a SourceIdentity of its own, which the member role denies
 * every action (infra/lib/stacks/member-role-stack.ts): the probe proves the role, nothing more.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { ROLE_PROBE_IDENTITY } from '#contracts/registry-sync.ts';

export interface RoleCheckOptions {
  /** The member role's name (TARGET_ROLE_NAME). */
  readonly roleName: string;
  /** ExternalId the member role requires (EXTERNAL_ID). @default undefined: none */
  readonly externalId?: string;
  /** ARN partition of the member accounts. @default 'aws' */
  readonly partition?: string;
  /** AssumeRole calls in flight at once. @default 16 */
  readonly concurrency?: number;
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
}

export interface RoleCheckResult {
  readonly roleName: string;
  readonly checked: number;
  /** Accounts where AssumeRole was denied: the role is missing (or trusts someone else). */
  readonly missing: readonly string[];
  /** Accounts the check could not decide (throttled past retries, network), with the error's name. */
  readonly failed: readonly { readonly accountId: string; readonly error: string }[];
}

export async function checkTargetRoles(
  sts: STSClient,
  accountIds: readonly string[],
  options: RoleCheckOptions,
): Promise<RoleCheckResult> {
  const limit = pLimit(options.concurrency ?? 16);
  const missing: string[] = [];
  const failed: { accountId: string; error: string }[] = [];
  let done = 0;
  await Promise.all(
    accountIds.map((accountId) =>
      limit(async () => {
        try {
          await sts.send(
            new AssumeRoleCommand({
              RoleArn: `arn:${options.partition ?? 'aws'}:iam::${accountId}:role/${options.roleName}`,
              RoleSessionName: ROLE_PROBE_IDENTITY,
              SourceIdentity: ROLE_PROBE_IDENTITY,
              DurationSeconds: 900,
              ...(options.externalId ? { ExternalId: options.externalId } : {}),
            }),
          );
        } catch (error) {
          const name = (error as Error).name;
          if (name === 'AccessDenied') missing.push(accountId);
          else failed.push({ accountId, error: name });
        }
        options.onProgress?.({ done: ++done, total: accountIds.length });
      }),
    ),
  );
  return { roleName: options.roleName, checked: accountIds.length, missing: missing.sort(), failed };
}
