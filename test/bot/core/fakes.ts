/** Fakes of the pipeline's ports (the ports are ours): a scripted identity, agent and reply. */
import { Logger } from '@aws-lambda-powertools/logger';
import { AuditLog } from '#access/audit-log.ts';
import type { AuditStore } from '#access/audit-store.ts';
import { createBotMetrics } from '#bot/src/core/bot-metrics.ts';
import type { ChatEvent } from '#bot/src/core/chat-event.ts';
import type { AgentRuntimePort, IdentityPort, IdentityResolution } from '#bot/src/core/ports.ts';
import type { QuestionObservers } from '#bot/src/core/question-record.ts';
import type { PrivateNotifier, ReplyStream } from '#bot/src/core/reply-stream.ts';
import type { AgentEvent, AgentRequest } from '#contracts/agent-events.ts';
import type { AuditRecord } from '#contracts/audit.ts';
import type { TraceContext } from '#contracts/trace.ts';

export const ACCOUNT = { id: '111111111111', name: 'payments-prod', environment: 'prod' } as const;

export function chatEvent(overrides: Partial<ChatEvent> = {}): ChatEvent {
  return {
    platform: 'slack',
    eventId: 'Ev01',
    workspaceId: 'T0CENTRAL',
    userId: 'U0ALICE',
    channelId: 'C0INCIDENT',
    threadId: '1700000000.000100',
    surface: 'mention',
    text: 'list s3 buckets in prod',
    private: false,
    platformContext: {},
    ...overrides,
  };
}

export function fakeIdentity(resolution: IdentityResolution): IdentityPort & { commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    async resolve() {
      return resolution;
    },
    async handleCommand(_event, command) {
      commands.push(command);
      return `identity ${command}`;
    },
  };
}

export function fakeAgent(
  script: (request: AgentRequest, signal?: AbortSignal) => AsyncIterable<AgentEvent>,
): AgentRuntimePort & {
  calls: { request: AgentRequest; runtimeUserId: string }[];
  traces: (TraceContext | undefined)[];
} {
  const calls: { request: AgentRequest; runtimeUserId: string }[] = [];
  const traces: (TraceContext | undefined)[] = [];
  return {
    calls,
    traces,
    invoke(request, runtimeUserId, signal, trace) {
      calls.push({ request, runtimeUserId });
      traces.push(trace);
      return script(request, signal);
    },
  };
}

export function recordingReply(): ReplyStream & { events: AgentEvent[]; failures: string[]; closed: number } {
  const reply = {
    events: [] as AgentEvent[],
    failures: [] as string[],
    closed: 0,
    async push(event: AgentEvent) {
      reply.events.push(event);
    },
    async fail(message: string) {
      reply.failures.push(message);
    },
    async close() {
      reply.closed += 1;
    },
  };
  return reply;
}

export function recordingNotifier(): PrivateNotifier & { notes: string[] } {
  const notes: string[] = [];
  return {
    notes,
    async notify(markdown) {
      notes.push(markdown);
    },
  };
}

/** Keeps test output readable; the pipeline still logs through the same calls. */
export const silentLogger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

export interface RecordingObservers {
  /** The audit log and the metrics, for a pipeline's or a harness's `observers`. */
  readonly observers: { readonly audit: AuditLog; readonly metrics: QuestionObservers['metrics'] };
  readonly audit: AuditLog;
  /** Every audit record stored, with whether it was written only if absent. */
  readonly stored: { record: AuditRecord; ifAbsent: boolean }[];
  /** Every EMF line the metrics printed. */
  readonly lines: string[];
}

/** Question observers recording into arrays: the audit records (with their write options) and EMF lines. */
export function recordingObservers(): RecordingObservers {
  const stored: { record: AuditRecord; ifAbsent: boolean }[] = [];
  const store: AuditStore = {
    put: async (record, options) => void stored.push({ record, ifAbsent: options?.ifAbsent === true }),
    forAccount: async () => [],
    forUser: async () => [],
    forChatUser: async () => [],
  };
  const lines: string[] = [];
  const audit = new AuditLog({ store, logger: silentLogger });
  const metrics = createBotMetrics({ output: (line) => lines.push(line) });
  return { observers: { audit, metrics }, audit, stored, lines };
}
