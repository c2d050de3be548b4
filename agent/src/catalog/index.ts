/**
 * The service catalog: every `/ops` service and resource, the read-only AWS call that answers it
 * (as data: service, operation, params; the bridge writes the script the AWS MCP Server runs), and the
 * summarizer that turns the API response into one short line plus phone-friendly detail lines.
 * Data, not code paths: a service is a file in this folder, listed here.
 */
import { cloudformation } from './cloudformation.ts';
import { cloudwatch } from './cloudwatch.ts';
import { cost } from './cost.ts';
import { dynamodb } from './dynamodb.ts';
import { ec2 } from './ec2.ts';
import { ecs } from './ecs.ts';
import { eks } from './eks.ts';
import { iam } from './iam.ts';
import { lambda } from './lambda.ts';
import { rds } from './rds.ts';
import { route53 } from './route53.ts';
import { s3 } from './s3.ts';
import { sns } from './sns.ts';
import { sqs } from './sqs.ts';
import type { ResourceSpec, ServiceSpec } from './types.ts';

export type {
  CatalogCall,
  Filters,
  ResourceShape,
  ResourceSpec,
  ServiceSpec,
  Summary,
  TimeWindow,
} from './types.ts';

export const SERVICE_CATALOG: readonly ServiceSpec[] = [
  ec2,
  s3,
  lambda,
  rds,
  ecs,
  eks,
  cloudwatch,
  iam,
  cloudformation,
  dynamodb,
  sqs,
  sns,
  route53,
  cost,
];

/** Finds a service by its name or one of its aliases (lower-case). */
export function findService(word: string): ServiceSpec | undefined {
  return SERVICE_CATALOG.find((s) => s.service === word || s.aliases.includes(word));
}

/** Finds a resource of a service by its name or alias. */
export function findResource(service: ServiceSpec, word: string): ResourceSpec | undefined {
  return service.resources.find((r) => r.resource === word || r.aliases.includes(word));
}

/** Every word the catalog knows, for "did you mean". */
export function catalogWords(): string[] {
  return SERVICE_CATALOG.flatMap((s) => [s.service, ...s.aliases]);
}
