/** Errors of the Slack adapter: one base class, `cause` kept. */
import { CentralOpsError } from '#common/errors.ts';

export class SlackAdapterError extends CentralOpsError {}
