/** Errors of the Slack adapter: one base class, `cause` kept. */
export class SlackAdapterError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlackAdapterError';
  }
}
