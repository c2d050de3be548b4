/** The runtime client's settings from the environment, defaults applied here only. */
export interface RuntimeConfig {
  /** AGENT_RUNTIME_ARN: the AgentCore Runtime invoked through InvokeAgentRuntime. */
  readonly agentRuntimeArn: string | undefined;
  /** AGENT_RUNTIME_URL: a runtime's invocations URL, POSTed directly (local stack, tests). */
  readonly agentRuntimeUrl: string | undefined;
  /** AGENT_RUNTIME_QUALIFIER: the runtime endpoint. @default 'DEFAULT' */
  readonly qualifier: string;
}

export function runtimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    agentRuntimeArn: env.AGENT_RUNTIME_ARN || undefined,
    agentRuntimeUrl: env.AGENT_RUNTIME_URL || undefined,
    qualifier: env.AGENT_RUNTIME_QUALIFIER || 'DEFAULT',
  };
}
