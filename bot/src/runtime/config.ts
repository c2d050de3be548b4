/** The runtime client's settings from the environment, defaults applied here only. */
import { type Env, readEnv } from '#common/env.ts';

export interface RuntimeConfig {
  /** AGENT_RUNTIME_ARN: the AgentCore Runtime invoked through InvokeAgentRuntime. */
  readonly agentRuntimeArn: string | undefined;
  /** AGENT_RUNTIME_URL: a runtime's invocations URL, POSTed directly (local stack, tests). */
  readonly agentRuntimeUrl: string | undefined;
  /** AGENT_RUNTIME_QUALIFIER: the runtime endpoint. @default 'DEFAULT' */
  readonly qualifier: string;
}

export function runtimeConfig(env: Env = process.env): RuntimeConfig {
  const read = readEnv(env);
  return {
    agentRuntimeArn: read.text('AGENT_RUNTIME_ARN'),
    agentRuntimeUrl: read.text('AGENT_RUNTIME_URL'),
    qualifier: read.text('AGENT_RUNTIME_QUALIFIER') ?? 'DEFAULT',
  };
}
