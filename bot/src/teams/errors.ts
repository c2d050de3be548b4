/** Errors of the Teams adapter: one base class so callers can tell ours from botbuilder's. */
import { CentralOpsError } from '#common/errors.ts';

export class TeamsAdapterError extends CentralOpsError {}

/** The connector refused an activity for good (after retries), with its HTTP status. */
export class TeamsSendError extends TeamsAdapterError {
  readonly statusCode: number | undefined;
  constructor(message: string, statusCode: number | undefined, options?: ErrorOptions) {
    super(message, options);
    this.statusCode = statusCode;
  }
}
