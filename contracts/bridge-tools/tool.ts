/**
 * What defines a bridge tool: its name, its input as a zod schema (the bridge validates every call
 * with it; the Gateway's JSON schema is derived from it, gateway-schema.ts), and the agent's account
 * policy. Each tool has its own file in this folder; index.ts lists them. `policy` is required: a
 * tool whose account check the agent would not know cannot be defined.
 */
import * as z from 'zod/mini';
import { requestedBy, strictFields } from './fields.ts';

/**
 * Which member accounts a call reads, and so what the agent checks against the accounts the user
 * may read from this channel before the call goes out (agent/src/model-tools.ts).
 */
export type AccountPolicy<Field extends string = string> =
  /** Reads no member account: registry listings, the server's tool list. Nothing to check. */
  | { readonly reads: 'no-account' }
  /** One account, named by the `account` field: refused unless the user may read it here. */
  | { readonly reads: 'one-account'; readonly account: Field }
  /**
   * A fan-out named by ids, by environment, or `all`: always sent on as the explicit ids the user
   * may read here, each refused one reported.
   */
  | {
      readonly reads: 'many-accounts';
      readonly accounts: Field;
      readonly environment: Field;
      readonly all: Field;
    }
  /**
   * Requests each naming its account (`account_id` of each element of the `requests` field): the
   * requests for an account the user may not read here are dropped, each refused one reported.
   */
  | { readonly reads: 'each-request'; readonly requests: Field };

type WithRequestedBy<Shape extends z.core.$ZodLooseShape> = Shape & {
  readonly requested_by: typeof requestedBy;
};

export interface BridgeToolDefinition<
  Name extends string = string,
  Shape extends z.core.$ZodLooseShape = z.core.$ZodLooseShape,
> {
  /** As the bridge knows it; the agent calls it behind the target prefix (`centralops___<name>`). */
  readonly name: Name;
  /** What the model and the Gateway's semantic search read. */
  readonly description: string;
  /** The arguments as the Gateway passes them (flat), `requested_by` included; nothing else accepted. */
  readonly input: z.ZodMiniObject<WithRequestedBy<Shape>, z.core.$strict>;
  readonly policy: AccountPolicy<Extract<keyof Shape, string>>;
}

/**
 * A tool from its own fields; every tool also takes `requested_by`, the verified user the agent
 * acts for (it becomes the STS SourceIdentity). `rule` checks what no single field can (which of
 * two fields is given); it returns the problem, or undefined.
 */
export function defineBridgeTool<const Name extends string, Shape extends z.core.$ZodLooseShape>(definition: {
  readonly name: Name;
  readonly description: string;
  readonly fields: Shape;
  readonly policy: AccountPolicy<Extract<keyof Shape, string>>;
  readonly rule?: (input: z.output<z.ZodMiniObject<WithRequestedBy<Shape>>>) => string | undefined;
}): BridgeToolDefinition<Name, Shape> {
  const { rule } = definition;
  const object = strictFields({ ...definition.fields, requested_by: requestedBy } as WithRequestedBy<Shape>);
  const input = rule
    ? object.check(
        z.superRefine((value, context) => {
          const problem = rule(value);
          if (problem) context.addIssue({ code: 'custom', message: problem, input: value });
        }),
      )
    : object;
  return { name: definition.name, description: definition.description, input, policy: definition.policy };
}

/**
 * The one sentence a bad input is refused with: the first unexpected field if there is one (never
 * passed on), else the first problem, named by its path (`calls[0].service must be …`).
 */
export function inputProblem(error: z.core.$ZodError, tool: string): string {
  const issue = error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return `${tool}: invalid input`;
  const path = issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  if (path) return `${path} ${issue.message}`;
  return issue.code === 'unrecognized_keys' ? `${tool} ${issue.message}` : issue.message;
}
