/** The bridge's errors. Each carries the `code` the Gateway relays to the agent as a tool error. */
import { CentralOpsError } from '#common/errors.ts';
import { redactText } from '#common/redact.ts';

export const ERROR_CODES = {
  invalidInput: 'invalid_input',
  refused: 'refused',
  assumeRoleFailed: 'assume_role_failed',
  mcpError: 'mcp_error',
  toolError: 'tool_error',
  timeout: 'timeout',
  throttled: 'throttled',
  internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class BridgeError extends CentralOpsError {
  public readonly code: ErrorCode = ERROR_CODES.internal;
}

/** The tool input is malformed (missing field, bad account id, bad requested_by). */
export class InvalidInputError extends BridgeError {
  public override readonly code = ERROR_CODES.invalidInput;
}

/** Refused by policy: not provably read-only, or an account that is not registered and enabled. */
export class RefusedError extends BridgeError {
  public override readonly code = ERROR_CODES.refused;
}

export class AssumeRoleError extends BridgeError {
  public override readonly code = ERROR_CODES.assumeRoleFailed;
}

/** STS or the AWS MCP Server still throttled the call after the retries: this account only. */
export class ThrottledError extends BridgeError {
  public override readonly code = ERROR_CODES.throttled;
}

/** The AWS MCP Server could not be reached or answered an HTTP / JSON-RPC error (429: `throttled`). */
export class McpCallError extends BridgeError {
  public override readonly code: ErrorCode;
  /** HTTP status when there was one. */
  public readonly status: number | undefined;
  /** Throttling and 5xx: worth another try. */
  public readonly retryable: boolean;

  public constructor(
    message: string,
    details: { status?: number; retryable: boolean },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = details.status === 429 ? ERROR_CODES.throttled : ERROR_CODES.mcpError;
    this.status = details.status;
    this.retryable = details.retryable;
  }
}

/** The MCP tool ran and reported an error (`isError: true`). */
export class ToolResultError extends BridgeError {
  public override readonly code = ERROR_CODES.toolError;
}

export class BridgeTimeoutError extends BridgeError {
  public override readonly code = ERROR_CODES.timeout;
}

/** The `{ error: { code, message } }` object the Gateway relays to the agent as the tool's error. */
export interface ToolError {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/** The error as the agent and the logs see it: its message redacted (an MCP error may quote anything). */
export function toToolError(error: unknown): ToolError {
  if (error instanceof BridgeError)
    return { error: { code: error.code, message: redactText(error.message) } };
  return { error: { code: ERROR_CODES.internal, message: 'internal error' } };
}
