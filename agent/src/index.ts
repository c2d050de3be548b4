/** The agent's public surface: the runtime app for the local stack and tests, the wire format for adapters. */
export type { AgentApp, AgentAppDeps, AgentServer } from './app.ts';
export { createAgentApp } from './app.ts';
export type { Filters, ResourceSpec, ServiceSpec, Summary } from './catalog.ts';
export { SERVICE_CATALOG } from './catalog.ts';
export type { AgentConfig } from './config.ts';
export { loadConfig } from './config.ts';
export { AgentError, GatewayError, ModelUnavailableError } from './errors.ts';
export type { AccountRef, AgentEvent, AgentEventType, AgentRequest, Conversation } from './events.ts';
export { agentEventSchema, agentRequestSchema, encodeAgentEvent, parseAgentEvent } from './events.ts';
export type { GatewayTool, McpGatewayOptions, ToolGateway } from './gateway.ts';
export { gatewayToolName, McpGateway } from './gateway.ts';
export type { Plan, QueryPlan } from './planner.ts';
export { planRequest } from './planner.ts';
export { RUNTIME_HEADERS } from './runtime-request.ts';
export type { SessionStoreOptions } from './sessions.ts';
export { SessionStore } from './sessions.ts';
