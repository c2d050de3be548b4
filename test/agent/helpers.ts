/** Shared pieces of the agent suites: sample accounts and a recording Gateway for unit-level runs. */

import type { GatewayTool, ToolGateway } from '#agent/src/gateway.ts';
import type { Account } from '#contracts/registry.ts';

export function account(
  id: string,
  name: string,
  environment: string,
  regions = ['us-east-1'],
  aliases: string[] = [],
): Account {
  return { id, name, aliases, environment, regions, enabled: true, tags: {} };
}

/** The sample org of registry-seed/sample, as the registry returns it (environment, then name). */
export const SAMPLE_ACCOUNTS: Account[] = [
  account('333333333333', 'sandbox-dev', 'dev', ['us-east-1'], ['dev', 'development', 'sandbox']),
  account('111111111111', 'payments-prod', 'prod', ['us-east-1', 'us-west-2'], ['prod', 'production']),
  account('444444444444', 'security-audit', 'security', ['us-east-1'], ['security', 'audit']),
  account('555555555555', 'shared-services', 'shared', ['us-east-1'], ['shared', 'network']),
  account('222222222222', 'payments-staging', 'staging', ['us-east-1'], ['staging', 'stage']),
];

export interface ToolCallRecord {
  readonly tool: string;
  readonly args: Record<string, unknown>;
}

/** A ToolGateway answering from a function and recording every call. */
export function recordingGateway(
  answer: (tool: string, args: Record<string, unknown>) => unknown,
  tools: readonly GatewayTool[] = [],
): ToolGateway & { calls: ToolCallRecord[] } {
  const calls: ToolCallRecord[] = [];
  return {
    calls,
    listTools: async () => tools,
    callTool: async (tool, args) => {
      calls.push({ tool, args });
      return answer(tool, args);
    },
    close: async () => undefined,
  };
}

/**
 * A ToolGateway answering with `answer` (a throw is a transport failure), recording each call as
 * `read` sees it and the most calls it held at once. Calls land a few event-loop turns apart, later
 * ones sooner at times, so a stream must follow landing order, not call order.
 */
export function holdingGateway<Call>(
  read: (tool: string, args: Record<string, unknown>) => Call,
  answer: (call: Call, index: number) => unknown,
) {
  const calls: Call[] = [];
  let inFlight = 0;
  let peak = 0;
  const gateway: ToolGateway = {
    listTools: async () => [],
    close: async () => undefined,
    callTool: async (tool, args) => {
      const call = read(tool, args);
      const index = calls.push(call) - 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        for (let turn = 0; turn < (7 * index) % 5; turn++)
          await new Promise((resolve) => setImmediate(resolve));
        return answer(call, index);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { gateway, calls, peak: () => peak };
}

/** A Gateway answering EC2 DescribeInstances with one running instance per account and region. */
export function ec2Gateway() {
  return recordingGateway(async (_tool, args) => {
    const ids = args.account_ids as string[];
    const regions = args.regions as string[];
    return {
      results: ids.flatMap((id) =>
        regions.map((region) => ({
          account_id: id,
          region,
          result: {
            content: [
              {
                type: 'text',
                text: JSON.stringify({
                  Reservations: [
                    {
                      Instances: [
                        { InstanceId: `i-${id}`, InstanceType: 't3.micro', State: { Name: 'running' } },
                      ],
                    },
                  ],
                }),
              },
            ],
          },
        })),
      ),
    };
  });
}
