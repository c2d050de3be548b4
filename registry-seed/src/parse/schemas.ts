/** The registry files' shapes. Field-level rules live here; rules across records live in cross-checks.ts. */
import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_SOURCE_IDS } from '#contracts/alert-sources.ts';
import {
  CHAT_PLATFORM_IDS,
  CHAT_PLATFORMS,
  type ChatPlatformId,
  type IdRule,
} from '#contracts/chat-platforms.ts';
import { ACCOUNT_ID, REGION } from '#contracts/registry.ts';

/** What a chat user can type as one word: names and aliases. */
const NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const ENVIRONMENT = /^[a-z][a-z0-9-]*$/;
/** Cognito's own username pattern. */
const COGNITO_USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

const nonEmpty = z.string().trim().min(1, 'must not be empty');
export const environment = z
  .string()
  .trim()
  .toLowerCase()
  .regex(ENVIRONMENT, 'must be a lower-case word such as prod or staging');
export const regions = z
  .array(z.string().trim().regex(REGION, 'must be a region code such as us-east-1'))
  .min(1, 'must list at least one region');

/**
 * An account's fields as accounts.yaml writes them, without defaults: an override of an
 * organization's account must tell a field written from one left out.
 */
export const ACCOUNT_FIELDS = {
  id: z.string().regex(ACCOUNT_ID, 'must be 12 digits'),
  name: z.string().trim().regex(NAME, 'must be one word of letters, digits, ".", "_" or "-"'),
  aliases: z.array(
    z.string().trim().toLowerCase().regex(NAME, 'must be one word of letters, digits, ".", "_" or "-"'),
  ),
  environment,
  regions,
  enabled: z.boolean(),
  description: z.string().trim(),
  // Tag values such as `cost-center: 1234` are read as text, as AWS tags are.
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)),
};

const account = z.strictObject({
  ...ACCOUNT_FIELDS,
  aliases: ACCOUNT_FIELDS.aliases.default([]),
  enabled: ACCOUNT_FIELDS.enabled.default(true),
  description: ACCOUNT_FIELDS.description.optional(),
  tags: ACCOUNT_FIELDS.tags.default({}),
});

const platform = z.enum(CHAT_PLATFORM_IDS);

/** Each platform's ids have their own shape (contracts/chat-platforms.ts): Slack's prefixes, Teams' GUIDs. */
function checkPlatformIds(
  value: { platform: ChatPlatformId; workspaceId: string; userId?: string; channelId?: string },
  ctx: z.core.$RefinementCtx,
): void {
  const { ids } = CHAT_PLATFORMS[value.platform];
  const expect = (field: 'workspaceId' | 'userId' | 'channelId', rule: IdRule | undefined) => {
    const id = value[field];
    if (rule && id !== undefined && !rule.pattern.test(id))
      ctx.addIssue({ code: 'custom', path: [field], message: `must be ${rule.example}` });
  };
  expect('workspaceId', ids.workspace);
  expect('userId', ids.user);
  expect('channelId', 'channel' in ids ? ids.channel : undefined);
}

const identity = z
  .strictObject({
    platform,
    workspaceId: nonEmpty,
    userId: nonEmpty,
    cognitoUsername: z.string().regex(COGNITO_USERNAME, 'must be a Cognito username (no spaces)'),
    groups: z.array(nonEmpty).optional(),
  })
  .superRefine(checkPlatformIds);

/** A channel's alert routing; the accounts are resolved (names and aliases to ids) across files. */
const alerts = z.strictObject({
  environments: z.array(environment).optional(),
  accounts: z.array(nonEmpty).optional(),
  sources: z.array(z.enum(ALERT_SOURCE_IDS)).optional(),
  minSeverity: z.enum(ALERT_SEVERITIES).optional(),
});

const channel = z
  .strictObject({
    platform,
    workspaceId: nonEmpty,
    channelId: nonEmpty,
    allowedEnvironments: z.array(environment).min(1, 'must list at least one environment'),
    defaultAccount: nonEmpty.optional(),
    alerts: alerts.optional(),
  })
  .superRefine(checkPlatformIds);

export const FILE_SCHEMAS = {
  accounts: z.strictObject({ accounts: z.array(account) }),
  identities: z.strictObject({ identities: z.array(identity).default([]) }),
  channels: z.strictObject({ channels: z.array(channel).default([]) }),
} as const;

export type AccountsFile = z.output<typeof FILE_SCHEMAS.accounts>;
export type IdentitiesFile = z.output<typeof FILE_SCHEMAS.identities>;
export type ChannelsFile = z.output<typeof FILE_SCHEMAS.channels>;

/** Short messages in the registry's own words instead of zod's defaults. */
export const registryErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return issue.expected === 'array' ? 'must be a list' : `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'unknown field';
    default:
      return undefined;
  }
};
