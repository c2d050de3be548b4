/** Every error the agent raises extends AgentError, so callers can tell ours from the SDKs'. */
export class AgentError extends Error {
  /** The `error` event code this failure maps to (see contracts/agent-events.ts). */
  readonly code: string;

  constructor(message: string, code = 'internal', options?: ErrorOptions) {
    super(message, options);
    this.name = 'AgentError';
    this.code = code;
  }
}

/** A Gateway tool call failed at the transport (not a tool error the bridge relayed). */
export class GatewayError extends AgentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'unavailable', options);
    this.name = 'GatewayError';
  }
}

/** Bedrock could not be reached or refused us (no credentials, AccessDenied, connection failure). */
export class ModelUnavailableError extends AgentError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'unavailable', options);
    this.name = 'ModelUnavailableError';
  }
}
