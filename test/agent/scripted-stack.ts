/**
 * The agent stack with a scripted Bedrock stand-in as its model, for the suites that run the whole
 * agent end to end. Kept apart from helpers.ts so the unit-level suites do not load the stack.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { type AgentStack, startAgentStack } from '#local/stack/agent-stack.ts';
import { type LocalBedrockRuntime, startLocalBedrockRuntime } from '#local/stand-ins/bedrock-runtime.ts';

export interface ScriptedAgentStack {
  readonly stack: AgentStack;
  readonly bedrock: LocalBedrockRuntime;
  /** Forgets the sandbox's recorded calls and the model's script: call before each test. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startScriptedAgentStack(): Promise<ScriptedAgentStack> {
  const bedrock = await startLocalBedrockRuntime();
  const client = new BedrockRuntimeClient({
    endpoint: bedrock.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  let stack: AgentStack;
  try {
    stack = await startAgentStack({ bedrock: client });
  } catch (error) {
    client.destroy();
    await bedrock.stop();
    throw error;
  }
  return {
    stack,
    bedrock,
    reset() {
      stack.sandbox.resetCalls();
      bedrock.reset();
    },
    async stop() {
      await stack.stop();
      client.destroy();
      await bedrock.stop();
    },
  };
}
