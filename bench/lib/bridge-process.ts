/**
 * The bridge in its own process for bench/scale.ts, as the Gateway's Lambda target: invoked over
 * IPC with the tool's event and the Gateway's tool name, it answers the JSON a Lambda would return
 * (and its size), and tells its peak resident memory. bench/lib/bridge-pool.ts runs one or several:
 * one taking every shard at once (the harder case), or one invocation at a time each, as Lambda does.
 * Settings come from the environment (FANOUT_CONCURRENCY, MAX_RESPONSE_BYTES, …), the sandbox's
 * endpoints from BENCH_SANDBOX, the registry from AWS_ENDPOINT_URL_DYNAMODB.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '#bridge/src/config.ts';
import { sandboxBridgeHandler } from '#local/stack/sandbox-bridge.ts';
import { cpuMs, serveParent } from './child-process.ts';

export type BridgeRequest =
  | { readonly kind: 'invoke'; readonly toolName: string; readonly event: Record<string, unknown> }
  | { readonly kind: 'memory' };

export type BridgeAnswer =
  | { readonly kind: 'answer'; readonly json: string; readonly bytes: number }
  | {
      readonly kind: 'memory';
      readonly peakRssBytes: number;
      readonly rssBytes: number;
      /** CPU time the process has used, user and system. */
      readonly cpuMs: number;
    };

export interface BridgeSandbox {
  readonly mcpEndpoint: string;
  readonly stsEndpoint: string;
  readonly centralCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

const sandbox = JSON.parse(process.env.BENCH_SANDBOX ?? '{}') as BridgeSandbox;
const handler = sandboxBridgeHandler({
  sandbox,
  documentClient: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  config: { ...loadConfig(process.env), mcpEndpoint: sandbox.mcpEndpoint },
});

serveParent<BridgeRequest, BridgeAnswer>(
  { kind: 'ready' },
  async (request) => {
    if (request.kind === 'memory') {
      return {
        kind: 'memory',
        // resourceUsage reports kilobytes.
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        rssBytes: process.memoryUsage.rss(),
        cpuMs: cpuMs(),
      };
    }
    const result = await handler(request.event, {
      clientContext: { custom: { bedrockAgentCoreToolName: request.toolName } },
    });
    const json = JSON.stringify(result);
    return { kind: 'answer', json, bytes: Buffer.byteLength(json) };
  },
  async () => undefined,
);
