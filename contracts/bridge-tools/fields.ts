/**
 * The fields the bridge tools share, as zod schemas: each carries the description the Gateway and
 * the model read and the short rule a bad value is refused with (the path is prefixed when the
 * problem is reported, see inputProblem). AWS calls arrive as data, never as code.
 *
 * zod/mini, not zod: the same rules and JSON schema, and the bridge's bundle stays about 420 kB
 * smaller (the classic API's methods cannot be tree-shaken).
 */
import * as z from 'zod/mini';
import { ACCOUNT_ID } from '../registry.ts';

/** Calls in one query. */
export const MAX_CALLS = 10;
/** Pages one call may read; `paginate: true` reads up to this many. */
export const MAX_PAGES = 10;
/** One call's params, as JSON text. */
export const MAX_PARAMS_CHARS = 16_000;
/** Nesting of params. */
export const MAX_PARAMS_DEPTH = 16;
/** Account ids in one query_accounts. */
export const MAX_ACCOUNT_IDS = 1000;
/** Regions in one query_accounts (AWS has fewer). */
export const MAX_REGIONS = 40;
/**
 * Account-regions one query_accounts answers: each gets an equal share of the answer's byte
 * budget, which must still hold an entry's names and counts. Larger fan-outs are split into calls.
 */
export const MAX_ACCOUNT_REGIONS = 3000;
/** Requests in one query_each call at most, each its own account, region and calls. */
export const MAX_REQUESTS = 1000;

/** STS' SourceIdentity alphabet and length: `requested_by` becomes the SourceIdentity. */
export const REQUESTED_BY = /^[\w+=,.@-]{2,64}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const TOOL_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** What `tool_name` must be, as a refusal says it. */
export const TOOL_NAME_RULE =
  'must name an AWS MCP Server documentation tool, e.g. aws___search_documentation';
const ENVIRONMENT = /^[A-Za-z0-9_-]{1,64}$/;
/** botocore service names: lower-case words joined by `-` (`ec2`, `cognito-idp`, `redshift-data`). */
const SERVICE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** PascalCase operation names as botocore's service models spell them. */
const OPERATION = /^[A-Z][A-Za-z0-9]{1,127}$/;
/** Top-level parameter names are model member names: letters and digits. */
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

/** An object with exactly these fields: any other is refused by name, never passed on. */
export function strictFields<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const fields = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `takes no field ${issue.keys
            .slice(0, 3)
            .map((key) => JSON.stringify(key.slice(0, 40)))
            .join(', ')}; its fields are ${fields}`
        : issue.code === 'invalid_type'
          ? `must be an object {${fields}}`
          : undefined,
  });
}

/** A model sometimes sends an object or a list as JSON text: it is read as what it encodes. */
function jsonText<Schema extends z.ZodMiniType>(schema: Schema) {
  return z.pipe(
    z.transform((value: unknown, context) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.issues.push({ code: 'custom', message: 'must be JSON', input: value });
        return z.NEVER;
      }
    }),
    schema,
  );
}

/** `''` reads as absent: some callers send every field. */
function blankAsAbsent<Schema extends z.ZodMiniType>(schema: Schema) {
  return z.pipe(
    z.transform((value: unknown) => (value === '' ? undefined : value)),
    z.optional(schema),
  );
}

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

/** A string matching `pattern`, refused with `rule` when it is not a string or does not match. */
function text(pattern: RegExp, rule: string) {
  return z.string({ error: rule }).check(z.regex(pattern, rule));
}

/** `schema` described, for the Gateway and the model. */
export function described<Schema extends z.ZodMiniType>(schema: Schema, description: string): Schema {
  return schema.with(z.describe(description));
}

/** An optional field, described. */
export function optional<Schema extends z.ZodMiniType>(schema: Schema, description?: string) {
  const field = z.optional(schema);
  return description === undefined ? field : described(field, description);
}

export const requestedBy = described(
  text(REQUESTED_BY, 'must be 2-64 characters of letters, digits and _+=,.@-'),
  'The verified user the agent acts for (2-64 chars of letters, digits and _+=,.@-); it becomes the STS SourceIdentity in the member account.',
);

export const accountId = text(ACCOUNT_ID, 'must be a 12-digit account id');

export const region = text(REGION, 'must look like us-east-1');

export const optionalRegion = (description: string) => described(blankAsAbsent(region), description);

const params = jsonText(
  z.record(z.string(), z.unknown(), { error: 'must be an object' }).check(
    z.superRefine((value, context) => {
      const problem = Object.keys(value).some((key) => !PARAM_NAME.test(key))
        ? 'has a parameter name that is not a model member name'
        : JSON.stringify(value).length > MAX_PARAMS_CHARS
          ? `is longer than ${MAX_PARAMS_CHARS} characters`
          : depth(value) > MAX_PARAMS_DEPTH
            ? `is nested deeper than ${MAX_PARAMS_DEPTH} levels`
            : undefined;
      if (problem) context.addIssue({ code: 'custom', message: problem, input: value });
    }),
  ),
);

const PAGINATE_RULE = `must be true or a number of pages from 1 to ${MAX_PAGES}`;

/** One AWS API call as callers send it: botocore service name, PascalCase operation, params as data. */
export const awsCall = strictFields({
  service: described(
    text(SERVICE, 'must be a botocore service name such as ec2, s3 or cognito-idp').check(
      z.maxLength(64, 'must be a botocore service name such as ec2, s3 or cognito-idp'),
    ),
    'botocore service name, e.g. ec2, s3, lambda, cloudwatch, rds.',
  ),
  operation: described(
    text(OPERATION, 'must be a PascalCase operation name such as DescribeInstances'),
    'PascalCase operation name, e.g. DescribeInstances, ListBuckets.',
  ),
  params: optional(params, 'The operation\'s parameters, as boto3 takes them, e.g. {"Filters": [...]}.'),
  paginate: z
    .optional(
      z.union([z.boolean(), z.int().check(z.gte(1, PAGINATE_RULE), z.lte(MAX_PAGES, PAGINATE_RULE))], {
        error: PAGINATE_RULE,
      }),
    )
    // The Gateway's schemas take one type per field: the number of pages is what the model should send.
    .with(
      z.meta({
        type: 'integer',
        description: `Pages to read at most, 1 to ${MAX_PAGES}, following the next-page token (default 1).`,
      }),
    ),
  region: optionalRegion("Region of this call only, e.g. us-east-1; else the query's region."),
});
export type AwsCallInput = z.output<typeof awsCall>;

/** What `calls` must be, as a refusal says it. */
export const CALLS_RULE = `must be a list of 1 to ${MAX_CALLS} calls like {"service": "ec2", "operation": "DescribeInstances", "params": {}}`;

export const calls = described(
  jsonText(
    z
      .array(awsCall, { error: CALLS_RULE })
      .check(z.minLength(1, CALLS_RULE), z.maxLength(MAX_CALLS, CALLS_RULE)),
  ),
  `The AWS API calls to make, 1 to ${MAX_CALLS}, run in order: each {"service": botocore service name (ec2, s3, lambda, cloudwatch, ...), "operation": PascalCase operation (DescribeInstances), "params": {...}}. Read-only operations only (Describe*, List*, Get*, ...); secret and data reads (secret values, object contents, table items, query results) are refused. The bridge writes the script the AWS MCP Server runs: send data, never code.`,
);

export const documentationTool = text(TOOL_NAME, TOOL_NAME_RULE);

export const documentationArguments = jsonText(
  z.record(z.string(), z.unknown(), { error: 'must be an object' }),
);

const ACCOUNT_IDS_RULE = `must be a list of 1 to ${MAX_ACCOUNT_IDS} account ids`;
export const accountIds = z
  .array(accountId, { error: ACCOUNT_IDS_RULE })
  .check(z.minLength(1, ACCOUNT_IDS_RULE), z.maxLength(MAX_ACCOUNT_IDS, ACCOUNT_IDS_RULE));

export const environment = text(ENVIRONMENT, 'must be a name such as prod, staging or dev');

const REGIONS_RULE = `must be a list of 1 to ${MAX_REGIONS} regions`;
export const regions = z
  .array(region, { error: REGIONS_RULE })
  .check(z.minLength(1, REGIONS_RULE), z.maxLength(MAX_REGIONS, REGIONS_RULE));

const REQUESTS_RULE = `must be a list of 1 to ${MAX_REQUESTS} requests like {"account_id": "123456789012", "region": "us-east-1", "calls": [...]}, each account and region once`;

/** One account and region, and the calls to make there. */
export const accountRequest = strictFields({
  account_id: described(accountId, '12-digit id of a registered, enabled account.'),
  region: described(region, 'AWS region, e.g. us-east-1.'),
  calls,
});

export const accountRequests = described(
  z.array(accountRequest, { error: REQUESTS_RULE }).check(
    z.minLength(1, REQUESTS_RULE),
    z.maxLength(MAX_REQUESTS, REQUESTS_RULE),
    z.superRefine((requests, context) => {
      const seen = new Set<string>();
      for (const [index, request] of requests.entries()) {
        const key = `${request.account_id} ${request.region}`;
        if (seen.has(key))
          context.addIssue({
            code: 'custom',
            message: `repeats account ${request.account_id} in ${request.region}: ${REQUESTS_RULE}`,
            path: [index],
            input: request,
          });
        seen.add(key);
      }
    }),
  ),
  `What to ask where, 1 to ${MAX_REQUESTS} requests: each {"account_id", "region", "calls"}, each account and region once.`,
);
