/** Errors of the Slack adapter: one base class, `cause` kept. */
import { CentralOpsError } from '#common/errors.ts';

export class SlackAdapterError extends CentralOpsError {}

/** The bot is not in the channel and cannot join it (a private channel): someone must invite it. */
export class SlackNotInChannelError extends SlackAdapterError {
  constructor(
    readonly channel: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`Not a member of ${channel} and cannot join it (${code})`, options);
  }
}
