/**
 * A chat platform as the bot serves it: what the rest of CentralOps knows of it (its descriptor in
 * contracts/chat-platforms.ts: the ack handler's and the worker's entry points, their settings and
 * secrets, its dedupe scopes and id shapes), plus the code only the bot runs. Each platform folder
 * (`slack/`, `teams/`) exports one as `platform.ts`, beside the same-named files: `handler.ts` (ack
 * path entry), `ack-handler.ts`, `worker.ts` (worker entry), `worker-runner.ts`, `inbound.ts`,
 * `work.ts`, `config.ts`, `reply-stream.ts`, `private-notifier.ts`, `link-notifier.ts`.
 */
import type { Env } from '#common/env.ts';
import type { ChatPlatformDescriptor } from '#contracts/chat-platforms.ts';
import type { LinkConfirmationNotifier } from './ports.ts';

export interface ChatPlatform<Descriptor extends ChatPlatformDescriptor = ChatPlatformDescriptor> {
  readonly descriptor: Descriptor;
  /**
   * The link callback's confirmation in this chat, when `env` (secrets resolved) configures the
   * platform; undefined otherwise. Loaded on first call, so a platform's SDK stays out of the other
   * platforms' cold starts.
   */
  linkNotifier(env: Env): Promise<LinkConfirmationNotifier | undefined>;
}
