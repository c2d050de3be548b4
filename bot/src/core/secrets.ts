/**
 * Deployed functions get `<VARIABLE>_SECRET_ID` (a Secrets Manager ARN; infra/lib/constructs/secrets.ts)
 * in place of each secret `<VARIABLE>`. resolveSecrets reads those secrets and returns the environment
 * with the plain values filled in, so every config reader sees one shape locally and in AWS.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigError, messageOf } from '#common/errors.ts';
import { chatPlatforms } from '#contracts/chat-platforms.ts';
import { LINK_STATE_SECRET, secretIdVariable } from '#contracts/environment.ts';
import { onFirstUse } from './cold-start.ts';

/** Every secret the bot's functions may be given; each function fetches only those it was given an id for. */
export const BOT_SECRETS: readonly string[] = [
  ...chatPlatforms().flatMap((platform) => platform.secrets.map((secret) => secret.variable)),
  LINK_STATE_SECRET,
];

/**
 * The platforms' secrets the link callback is given only to confirm a link in their chat: an
 * install of one platform never fills the other's, and linking must work there all the same.
 */
const LINK_CALLBACK_OPTIONAL_SECRETS = chatPlatforms().flatMap((platform) =>
  platform.secrets
    .filter((secret) => secret.usedBy.includes('link-callback'))
    .map((secret) => secret.variable),
);

export type SecretReader = (secretId: string) => Promise<string | undefined>;

export interface ResolveSecretsOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default Secrets Manager GetSecretValue through Powertools Parameters */
  readonly readSecret?: SecretReader;
  /** Names whose secret may be left without a value: they stay unset instead of failing. @default [] */
  readonly optional?: readonly string[];
}

/** A copy of `env` where each `<NAME>_SECRET_ID` that is set has been read into `<NAME>`. */
export async function resolveSecrets(
  names: readonly string[],
  options: ResolveSecretsOptions = {},
): Promise<NodeJS.ProcessEnv> {
  const env = options.env ?? process.env;
  const readSecret = options.readSecret ?? readFromSecretsManager;
  const resolved: NodeJS.ProcessEnv = { ...env };
  await Promise.all(
    names.map(async (name) => {
      const secretId = env[secretIdVariable(name)]?.trim();
      if (!secretId) return;
      let value: string | undefined;
      try {
        value = await readSecret(secretId);
      } catch (error) {
        throw new ConfigError(`${name}: cannot read secret ${secretId}: ${messageOf(error)}`, {
          cause: error,
        });
      }
      if (!value?.trim()) {
        if (options.optional?.includes(name)) return;
        throw new ConfigError(
          `${name}: secret ${secretId} has no value yet (or does not exist); set it with aws secretsmanager put-secret-value`,
        );
      }
      resolved[name] = value.trim();
    }),
  );
  return resolved;
}

/** The secret's string value; `undefined` when it has none yet (created empty) or does not exist. */
async function readFromSecretsManager(secretId: string): Promise<string | undefined> {
  try {
    // Read once per cold start: the functions resolve their settings once and keep them.
    const value = await getSecret(secretId, { forceFetch: true });
    return typeof value === 'string' ? value : undefined;
  } catch (error) {
    // Powertools wraps the SDK's error; the service's code is on the cause.
    const { cause } = error as Error;
    if (cause instanceof Error && cause.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** process.env with the bot's secrets resolved, read once per cold start by the chat adapters. */
export const botEnvironment: () => Promise<NodeJS.ProcessEnv> = onFirstUse(() => resolveSecrets(BOT_SECRETS));

/** The same for the link callback, whose platform secrets only add a confirmation in chat. */
export const linkCallbackEnvironment: () => Promise<NodeJS.ProcessEnv> = onFirstUse(() =>
  resolveSecrets(BOT_SECRETS, { optional: LINK_CALLBACK_OPTIONAL_SECRETS }),
);
