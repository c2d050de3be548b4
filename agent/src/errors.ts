/** Every error the agent raises extends AgentError, so callers can tell ours from the SDKs'. */
import { CentralOpsError } from '#common/errors.ts';

export class AgentError extends CentralOpsError {
  /** The `error` event code this failure maps to (see contracts/agent-events.ts). */
  readonly code: string = 'internal';
}

/** A Gateway tool call failed at the transport (not a tool error the bridge relayed). */
export class GatewayError extends AgentError {
  override readonly code = 'unavailable';
}

/** Bedrock could not be reached or refused us (no credentials, AccessDenied, connection failure). */
export class ModelUnavailableError extends AgentError {
  override readonly code = 'unavailable';
}

/** A call in one member account failed: the bridge's (or AWS's) code and message, as its error event says. */
export class AccountCallError extends AgentError {
  override readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
