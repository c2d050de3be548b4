/** Errors of the shared bot pipeline: one base class so adapters can catch them together. */
export class BotCoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BotCoreError';
  }
}

/** The agent did not finish its turn within the pipeline's time budget. */
export class AgentTimeoutError extends BotCoreError {
  constructor(timeoutMs: number, options?: ErrorOptions) {
    super(`The agent did not finish within ${timeoutMs} ms`, options);
    this.name = 'AgentTimeoutError';
  }
}

/** The dedupe record could not be written (the state table is unreachable or refused the write). */
export class DedupeError extends BotCoreError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DedupeError';
  }
}

/** The asynchronous hand-off from the ack path to the worker failed. */
export class DispatchError extends BotCoreError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DispatchError';
  }
}

/** A setting the bot needs is missing or unreadable (e.g. a secret with no value yet). */
export class BotConfigError extends BotCoreError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BotConfigError';
  }
}
