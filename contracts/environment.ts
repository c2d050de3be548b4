/**
 * Defaults of the documented environment variables that more than one folder must agree on: the
 * bridge reads them, infra/ deploys the same, so a local and a deployed bridge reach the same
 * server and role. (Table names and their variables are in tables.ts.)
 */

/** AWS_MCP_ENDPOINT: the AWS MCP Server the bridge calls. */
export const DEFAULT_MCP_ENDPOINT = 'https://aws-mcp.us-east-1.api.aws/mcp';

/** TARGET_ROLE_NAME: the role the bridge assumes in member accounts; infra/ names it the same. */
export const DEFAULT_TARGET_ROLE_NAME = 'CentralOpsTargetRole';

/**
 * Deployed functions are given a secret's ARN, never its value: `<VARIABLE>_SECRET_ID` names the
 * Secrets Manager secret whose value the code reads at cold start in place of `<VARIABLE>`.
 */
export function secretIdVariable(variable: string): string {
  return `${variable}_SECRET_ID`;
}

/** The link flow's HMAC key of the `state` parameter: the workers and the link callback read it. */
export const LINK_STATE_SECRET = 'LINK_STATE_SECRET';
