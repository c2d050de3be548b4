/** Errors of the Teams adapter: one base class so callers can tell ours from botbuilder's. */
export class TeamsAdapterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TeamsAdapterError';
  }
}

/** The configuration is incomplete or contradictory (e.g. an app id without its password). */
export class TeamsConfigError extends TeamsAdapterError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TeamsConfigError';
  }
}

/** The connector refused an activity for good (after retries), with its HTTP status. */
export class TeamsSendError extends TeamsAdapterError {
  readonly statusCode: number | undefined;
  constructor(message: string, statusCode: number | undefined, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TeamsSendError';
    this.statusCode = statusCode;
  }
}
