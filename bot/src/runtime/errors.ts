/** Errors of the runtime client: one base class so the pipeline can catch them together. */
export class RuntimeClientError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RuntimeClientError';
  }
}

/** The runtime answered with a non-2xx status or a body that is not an SSE stream of AgentEvents. */
export class RuntimeInvocationError extends RuntimeClientError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RuntimeInvocationError';
  }
}
