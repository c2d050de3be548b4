/**
 * A tool's input as the bridge takes it: validated against the tool's contract
 * (contracts/bridge-tools: every field allow-listed, AWS calls as data, never code), then its calls
 * normalized into AwsCall. A refusal names the first problem.
 */

import { MAX_PAGES } from '#contracts/bridge-tools/fields.ts';
import {
  type AwsCallInput,
  BRIDGE_TOOLS,
  type BridgeToolInput,
  type BridgeToolName,
  inputProblem,
} from '#contracts/bridge-tools/index.ts';
import { InvalidInputError } from './errors.ts';

/** One AWS API call as the bridge makes it: botocore service name, PascalCase operation, params as data. */
export interface AwsCall {
  /** botocore service name, e.g. `ec2`, `s3`, `cognito-idp`. */
  readonly service: string;
  /** PascalCase operation, e.g. `DescribeInstances`. */
  readonly operation: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Pages to read at most (1: no pagination). */
  readonly pages: number;
  /** Pins this call to one region, whatever region the account is asked in. */
  readonly region?: string;
}

/** The event checked against the tool's schema; throws InvalidInputError naming the first problem. */
export function parseToolInput<Name extends BridgeToolName>(
  name: Name,
  event: Readonly<Record<string, unknown>>,
): BridgeToolInput<Name> {
  const parsed = BRIDGE_TOOLS[name].input.safeParse(event);
  if (!parsed.success) throw new InvalidInputError(inputProblem(parsed.error, name));
  return parsed.data as BridgeToolInput<Name>;
}

/** Validated calls as the bridge makes them: `paginate` read as a number of pages. */
export function toAwsCalls(calls: readonly AwsCallInput[]): AwsCall[] {
  return calls.map((call) => ({
    service: call.service,
    operation: call.operation,
    params: call.params ?? {},
    pages: call.paginate === true ? MAX_PAGES : typeof call.paginate === 'number' ? call.paginate : 1,
    ...(call.region ? { region: call.region } : {}),
  }));
}
