/** An agent app over recording fakes (registry, directory, channels, gateway) for suites that need no AWS stand-in. */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { ChannelPolicyReader, ChannelPolicyWriter } from '#access/channel-policy.ts';
import { type AgentServer, createAgentApp } from '#agent/src/app.ts';
import type { FanOutSettings } from '#agent/src/fanout/shards.ts';
import type { ToolGateway } from '#agent/src/gateway.ts';
import type { ConversationMemory } from '#agent/src/memory/conversation-memory.ts';
import type { Account, ChannelPolicy } from '#contracts/registry.ts';
import { SAMPLE_ACCOUNTS } from './helpers.ts';

export const ALICE = {
  sub: '0a0a0a0a-0000-4000-8000-00000000a11c',
  username: 'alice',
  groups: ['ops-all-readers'],
};
export const BOB = {
  sub: '0b0b0b0b-0000-4000-8000-000000000b0b',
  username: 'bob',
  groups: ['ops-dev-readers', 'ops-staging-readers'],
};

export const INCIDENT_CHANNEL: ChannelPolicy = {
  platform: 'slack',
  workspaceId: 'T0CENTRAL',
  channelId: 'C0INCIDENT',
  allowedEnvironments: ['prod', 'staging', 'dev', 'security', 'shared'],
  defaultAccount: 'payments-prod',
};

export interface FakeAgentOptions {
  readonly gateway?: ToolGateway;
  readonly bedrock?: BedrockRuntimeClient;
  readonly modelMaxSteps?: number;
  readonly modelMaxMs?: number;
  /** @default the app's (in this process) */
  readonly memory?: ConversationMemory;
  /** Channel policies that ops-admins may set from chat. @default read only (INCIDENT_CHANNEL) */
  readonly channels?: ChannelPolicyReader & Partial<ChannelPolicyWriter>;
  /** Users besides ALICE and BOB. */
  readonly users?: readonly { sub: string; username: string; groups: string[] }[];
  /** The registry's enabled accounts. @default SAMPLE_ACCOUNTS */
  readonly accounts?: readonly Account[];
  /** @default the app's (FANOUT_DEFAULTS) */
  readonly fanOut?: FanOutSettings;
}

export async function startFakeAgent(options: FakeAgentOptions = {}): Promise<AgentServer> {
  const users = [ALICE, BOB, ...(options.users ?? [])];
  const accounts = [...(options.accounts ?? SAMPLE_ACCOUNTS)];
  const { listen } = createAgentApp({
    registry: {
      get: async (id) => accounts.find((a) => a.id === id),
      listEnabled: async () => accounts,
    },
    users: {
      getUser: async (sub) => {
        const user = users.find((u) => u.sub === sub);
        return user ? { ...user, enabled: true } : undefined;
      },
    },
    channels: options.channels ?? {
      get: async (channel) => (channel.channel === INCIDENT_CHANNEL.channelId ? INCIDENT_CHANNEL : undefined),
    },
    ...(options.memory ? { memory: options.memory } : {}),
    gateway: options.gateway,
    bedrock: options.bedrock,
    modelId: 'anthropic.claude-test',
    ...(options.modelMaxSteps ? { modelMaxSteps: options.modelMaxSteps } : {}),
    ...(options.modelMaxMs ? { modelMaxMs: options.modelMaxMs } : {}),
    ...(options.fanOut ? { fanOut: options.fanOut } : {}),
  });
  return listen({ port: 0, host: '127.0.0.1' });
}
