/**
 * Next-page tokens per operation, from the botocore service models (generated into paginators.json
 * by scripts/aws-models.ts). The bridge needs them to read more than one page: the tokens' names
 * vary by service (`NextToken`, `Marker` / `NextMarker`, `nextToken`, …).
 */
import table from './paginators.json' with { type: 'json' };

export interface PageTokens {
  /** The request parameter that takes the token. */
  readonly input: string;
  /** The response key that carries it. */
  readonly output: string;
}

const byOperation = new Map<string, PageTokens>();
for (const [service, pairs] of Object.entries(table as Record<string, Record<string, string[]>>)) {
  for (const [pair, operations] of Object.entries(pairs)) {
    const [input, output] = pair.split(' ') as [string, string];
    for (const operation of operations) byOperation.set(`${service} ${operation}`, { input, output });
  }
}

/** The operation's page tokens, or undefined when it has no simple paginator. */
export function pageTokens(service: string, operation: string): PageTokens | undefined {
  return byOperation.get(`${service} ${operation}`);
}
