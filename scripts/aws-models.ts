/**
 * The AWS service models shipped in the `aws-sdk` (v2) npm package (`apis/*.min.json`, the same
 * models botocore ships), read for what the bridge needs at dev time:
 * - `npx tsx scripts/aws-models.ts` prints how many operations the bridge's policy allows and refuses;
 * - `npx tsx scripts/aws-models.ts --write-paginators` regenerates bridge/src/paginators.json, the
 *   next-page tokens of every operation that has a simple paginator (one input and one output token).
 * The package is a dev dependency only: nothing here reaches a Lambda bundle.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { classifyOperation, toCliOperation, toCliService } from '#bridge/src/guard/operation-policy.ts';
import { REPO_ROOT } from '#infra/lib/bundles.ts';

export interface ServiceModel {
  /** botocore's name for the service (`ec2`, `elbv2`, `cloudwatch`). */
  readonly service: string;
  /** PascalCase operation names. */
  readonly operations: readonly string[];
  /** Operation → its next-page tokens, for paginators with one input and one output token. */
  readonly paginators: Readonly<Record<string, PaginatorTokens>>;
}

export interface PaginatorTokens {
  /** The request parameter that takes the token. */
  readonly input: string;
  /** The response key that carries it. */
  readonly output: string;
}

export const PAGINATORS_PATH = 'bridge/src/paginators.json';

/** aws-sdk file prefixes whose botocore service name differs. */
const BOTOCORE_NAMES: Readonly<Record<string, string>> = {
  AWSMigrationHub: 'mgh',
  elasticfilesystem: 'efs',
  elasticloadbalancing: 'elb',
  elasticloadbalancingv2: 'elbv2',
  elasticmapreduce: 'emr',
  email: 'ses',
  'entitlement.marketplace': 'marketplace-entitlement',
  'models.lex.v2': 'lexv2-models',
  monitoring: 'cloudwatch',
  'runtime.lex': 'lex-runtime',
  'runtime.lex.v2': 'lexv2-runtime',
  'runtime.sagemaker': 'sagemaker-runtime',
  states: 'stepfunctions',
  'streams.dynamodb': 'dynamodbstreams',
};

const TOKEN = /^[A-Za-z][A-Za-z0-9]*$/;

/** The newest model of every service in the aws-sdk package. */
export function loadServiceModels(): ServiceModel[] {
  const apis = path.join(
    path.dirname(createRequire(import.meta.url).resolve('aws-sdk/package.json')),
    'apis',
  );
  const newest = new Map<string, string>();
  for (const file of readdirSync(apis)
    .filter((name) => name.endsWith('.min.json'))
    .sort()) {
    newest.set(file.replace(/-\d{4}-\d{2}-\d{2}\.min\.json$/, ''), file);
  }
  return [...newest].map(([prefix, file]) => {
    const model = JSON.parse(readFileSync(path.join(apis, file), 'utf8')) as {
      operations: Record<string, unknown>;
    };
    const paginatorsFile = path.join(apis, file.replace('.min.json', '.paginators.json'));
    const pagination = existsSync(paginatorsFile)
      ? ((
          JSON.parse(readFileSync(paginatorsFile, 'utf8')) as {
            pagination?: Record<string, { input_token?: unknown; output_token?: unknown }>;
          }
        ).pagination ?? {})
      : {};
    const paginators: Record<string, PaginatorTokens> = {};
    for (const [operation, paginator] of Object.entries(pagination)) {
      const { input_token: input, output_token: output } = paginator;
      if (
        typeof input === 'string' &&
        typeof output === 'string' &&
        TOKEN.test(input) &&
        TOKEN.test(output)
      ) {
        paginators[operation] = { input, output };
      }
    }
    return {
      service: BOTOCORE_NAMES[prefix] ?? prefix,
      operations: Object.keys(model.operations),
      paginators,
    };
  });
}

/**
 * bridge/src/paginators.json: service → `"<input token> <output token>"` → the operations paginated
 * with that pair (grouped: 23 pairs cover every simple paginator, so the table stays small).
 */
export function paginatorTable(models: readonly ServiceModel[]): Record<string, Record<string, string[]>> {
  const table: Record<string, Record<string, string[]>> = {};
  for (const model of [...models].sort((a, b) => a.service.localeCompare(b.service))) {
    const byPair: Record<string, string[]> = {};
    for (const [operation, tokens] of Object.entries(model.paginators).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const pair = `${tokens.input} ${tokens.output}`;
      byPair[pair] = [...(byPair[pair] ?? []), operation];
    }
    if (Object.keys(byPair).length > 0) table[model.service] = byPair;
  }
  return table;
}

export interface PolicyCounts {
  readonly services: number;
  readonly operations: number;
  readonly allowed: number;
  readonly refused: number;
  /** Refusals by the start of their reason. */
  readonly refusedBy: Readonly<Record<string, number>>;
}

/** Every operation of every model through the policy's name tables (conditional denials aside). */
export function policyCounts(models: readonly ServiceModel[]): PolicyCounts {
  let allowed = 0;
  const refusedBy: Record<string, number> = {};
  let operations = 0;
  for (const model of models) {
    for (const operation of model.operations) {
      operations++;
      const decision = classifyOperation(toCliService(model.service), toCliOperation(operation));
      if (decision.allowed) allowed++;
      else {
        const kind = /only read-only/.test(decision.reason)
          ? 'verb not read-only'
          : /its name suggests/.test(decision.reason)
            ? 'sensitive name'
            : /is refused: it/.test(decision.reason)
              ? 'deny list (operation or service)'
              : 'other';
        refusedBy[kind] = (refusedBy[kind] ?? 0) + 1;
      }
    }
  }
  return { services: models.length, operations, allowed, refused: operations - allowed, refusedBy };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const models = loadServiceModels();
  if (process.argv.includes('--write-paginators')) {
    writeFileSync(path.join(REPO_ROOT, PAGINATORS_PATH), `${JSON.stringify(paginatorTable(models))}\n`);
    console.log(`wrote ${PAGINATORS_PATH}`);
  } else {
    const counts = policyCounts(models);
    const version = (createRequire(import.meta.url)('aws-sdk/package.json') as { version: string }).version;
    console.log(
      `AWS service models of aws-sdk ${version}: ${counts.services} services, ${counts.operations} operations`,
    );
    console.log(`  allowed by the operation policy: ${counts.allowed}`);
    console.log(`  refused: ${counts.refused}`);
    for (const [kind, count] of Object.entries(counts.refusedBy)) console.log(`    ${kind}: ${count}`);
    console.log(
      '  (by name; conditional denials such as ssm GetParameter WithDecryption refuse further calls by their params)',
    );
  }
}
