/** What a catalog entry is: a service, its resources, the read-only call that answers each, its summary. */
import type { Tally } from '#contracts/agent-events.ts';
import type { AwsCallInput } from '#contracts/bridge-tools/index.ts';

/** A time window such as `1h` or `7d`. */
export interface TimeWindow {
  /** As the user wrote it, normalised: `1h`, `30m`, `7d`. */
  readonly label: string;
  readonly ms: number;
}

export interface Filters {
  /** A state word the resource accepts (`running`, `stopped`, `alarm`, …). */
  readonly state?: string;
  readonly window?: TimeWindow;
  /** Keep only items whose name contains this (case-insensitive). */
  readonly name?: string;
}

/** One AWS API call as the bridge takes it (query_accounts' `calls`); params always given. */
export type CatalogCall = AwsCallInput & { readonly params: Readonly<Record<string, unknown>> };

export interface Summary {
  readonly summary: string;
  readonly lines: readonly string[];
  /** What the lines count, for the answer's summary across accounts. */
  readonly tally?: Tally;
}

/**
 * What a fan-out asks the bridge for in place of each whole response (query_accounts' `shape`):
 * where the items are, the fields the summary reads, the field they are counted by, the fields a
 * `name=` filter searches. The summarizer then reads the shaped response as it reads a whole one.
 */
export interface ResourceShape {
  /** `Reservations[].Instances[]` */
  readonly items: string;
  readonly fields: readonly string[];
  /** `State.Name` */
  readonly countBy?: string;
  /** Searched by `name=`: `Tags[Key=Name].Value`, `InstanceId`. */
  readonly nameFields: readonly string[];
  readonly noun: string;
}

export interface ResourceSpec {
  readonly resource: string;
  /** Other words for it (`vms`, `servers`, …). */
  readonly aliases: readonly string[];
  readonly description: string;
  /** Set for global APIs (IAM, S3 ListBuckets, Route 53, Cost Explorer): queried once, in this region. */
  readonly globalRegion?: string;
  /** State words accepted as filters; the first is the default when there is one. */
  readonly states?: readonly string[];
  /** Whether a time window (`1h`) applies. */
  readonly windowed?: boolean;
  /** The window used when none is given. */
  readonly defaultWindow?: TimeWindow;
  /** Set where a fan-out can ask for counts and a few items instead of whole responses. */
  readonly shape?: ResourceShape;
  /** The read-only call that answers it; the bridge writes the script or CLI command from it. */
  call(filters: Filters, now: Date): CatalogCall;
  summarize(response: unknown, filters: Filters): Summary;
}

export interface ServiceSpec {
  readonly service: string;
  readonly aliases: readonly string[];
  readonly title: string;
  /** The first resource is the default (`/ops prod ec2` → instances). */
  readonly resources: readonly [ResourceSpec, ...ResourceSpec[]];
}
