/**
 * One question (or button tap) as the bot sees it: its id (stable per chat delivery, shared with the agent), its
 * trace, when its first text and its final answer reached the chat, and how it ended. When it ends
 * the bot writes its metrics (questions, time to first text and to final, refusals by reason, errors
 * by part, chat API retries; per platform and verb) and, for a question the agent never recorded
 * (stopped by the bot: workspace, identity, too long; answered by the bot: identity verbs; lost on
 * the way: agent unreachable, timed out), its audit record. The agent records the questions it
 * answers, so a question is recorded once.
 */
import type { AuditLog } from '#access/audit-log.ts';
import { auditErrorMessage, auditQuestionText } from '#access/audit-text.ts';
import { type MetricsEmitter, metricValue } from '#common/metrics.ts';
import type { AgentEvent } from '#contracts/agent-events.ts';
import { type AuditRecord, type FailedPart, questionIdFor, type RefusalReason } from '#contracts/audit.ts';
import { METRICS } from '#contracts/metrics.ts';
import { newTrace, type TraceContext } from '#contracts/trace.ts';
import type { ChatAction } from './chat-action.ts';
import { takeChatApiRetries } from './chat-api-retries.ts';
import type { ChatEvent } from './chat-event.ts';
import { invocationTrace } from './lambda-trace.ts';

export interface QuestionObservers {
  /** @default none: no bot-side audit records */
  readonly audit?: AuditLog;
  /** @default none: no bot metrics */
  readonly metrics?: MetricsEmitter;
  /** @default Date.now */
  readonly now?: () => number;
}

/** What a record needs of a question or a tap, as the adapters delivered it. */
interface Asked {
  readonly platform: ChatEvent['platform'];
  /** The delivery: Slack event id, command trigger, tap trigger; Teams activity id. */
  readonly deliveryId: string;
  readonly workspaceId: string;
  readonly conversationWorkspaceId?: string;
  readonly userId: string;
  readonly channelId: string;
  readonly threadId: string;
  /** The words asked (an `/ops` command with its command word), or the action tapped. */
  readonly text: string;
  /** The button tapped, for a tap. */
  readonly action?: string;
}

/** A question as the record reads it. */
export function askedQuestion(event: ChatEvent): Asked {
  return {
    ...event,
    deliveryId: event.eventId,
    text: `${event.surface === 'command' ? '/ops ' : ''}${event.text.trim()}`,
  };
}

/** A tap as the record reads it: the action's name, never its value. */
export function tappedAction(action: ChatAction): Asked {
  return { ...action, text: action.name, action: action.name };
}

export type QuestionEnd =
  /** The agent answered (and recorded it). */
  | { readonly kind: 'agent' }
  /** The bot answered it itself (an identity verb). */
  | { readonly kind: 'bot'; readonly verb: string }
  | { readonly kind: 'refused'; readonly reason: RefusalReason }
  | { readonly kind: 'failed'; readonly part: FailedPart; readonly code: string; readonly message: string };

export class QuestionRecord {
  readonly id: string;
  /** The Lambda invocation's trace; a new one off Lambda. */
  readonly trace: TraceContext;
  readonly #event: Asked;
  readonly #observers: QuestionObservers;
  readonly #now: () => number;
  readonly #started: number;
  #firstTextAt: number | undefined;
  #verb: string | undefined;
  #final = false;
  #asker: { readonly cognitoUsername: string; readonly cognitoSub: string } | undefined;

  constructor(event: Asked, observers: QuestionObservers) {
    this.#event = event;
    this.#observers = observers;
    this.#now = observers.now ?? Date.now;
    this.#started = this.#now();
    this.id = questionIdFor(event.platform, event.workspaceId, event.deliveryId);
    this.trace = invocationTrace() ?? newTrace(this.#started);
  }

  get receivedAt(): string {
    return new Date(this.#started).toISOString();
  }

  /** Who asks, once identity resolved them. */
  identified(cognitoUsername: string, cognitoSub: string): void {
    this.#asker = { cognitoUsername, cognitoSub };
  }

  /** An agent event, once it is in the chat. */
  shown(event: AgentEvent): void {
    if (event.type === 'text' || event.type === 'result' || event.type === 'error')
      this.#firstTextAt ??= this.#now();
    if (event.type === 'final') {
      this.#final = true;
      this.#verb = event.verb;
    }
  }

  /** Whether the agent's final event reached the chat (and the agent recorded the question). */
  get finished(): boolean {
    return this.#final;
  }

  end(end: QuestionEnd): void {
    const endedAt = this.#now();
    const verb = end.kind === 'bot' ? end.verb : (this.#verb ?? (end.kind === 'agent' ? 'unknown' : 'none'));
    this.#emitMetrics(end, verb, endedAt);
    if (end.kind === 'agent') return;
    // The agent may have recorded a question whose answer was lost on the way back: its record wins.
    this.#observers.audit?.record(this.#record(end, verb, endedAt), { ifAbsent: end.kind === 'failed' });
  }

  #emitMetrics(end: QuestionEnd, verb: string, endedAt: number): void {
    const { metrics } = this.#observers;
    if (!metrics) return;
    const { platform } = this.#event;
    const perQuestion = { platform, verb };
    metrics.emit(
      [
        metricValue(METRICS.questions, 1),
        metricValue(METRICS.timeToFinal, endedAt - this.#started),
        ...(this.#firstTextAt === undefined
          ? []
          : [metricValue(METRICS.timeToFirstText, this.#firstTextAt - this.#started)]),
      ],
      [{}, perQuestion],
    );
    if (end.kind === 'refused') {
      const { reason } = end;
      metrics.emit([metricValue(METRICS.botRefusals, 1)], [{}, { reason }, { ...perQuestion, reason }]);
    }
    if (end.kind === 'failed') {
      const { part } = end;
      metrics.emit([metricValue(METRICS.botErrors, 1)], [{}, { part }, { ...perQuestion, part }]);
    }
    const retries = takeChatApiRetries(platform);
    if (retries > 0) metrics.emit([metricValue(METRICS.chatApiRetries, retries)], [{}, { platform }]);
  }

  #record(end: Exclude<QuestionEnd, { kind: 'agent' }>, verb: string, endedAt: number): AuditRecord {
    const event = this.#event;
    return {
      questionId: this.id,
      kind: event.action ? 'action' : 'question',
      at: this.receivedAt,
      traceId: this.trace.traceId,
      who: { chatUserId: event.userId, ...this.#asker },
      where: {
        platform: event.platform,
        workspace: event.conversationWorkspaceId ?? event.workspaceId,
        channel: event.channelId,
        thread: event.threadId,
      },
      what: {
        text: auditQuestionText(event.text),
        verb,
        ...(event.action ? { action: event.action } : {}),
      },
      accounts: [],
      calls: [],
      outcome: end.kind === 'bot' ? 'answered' : end.kind,
      ...(end.kind === 'refused' ? { reason: end.reason } : {}),
      ...(end.kind === 'failed'
        ? { failedAt: end.part, error: { code: end.code, message: auditErrorMessage(end.message) } }
        : {}),
      durations: {
        totalMs: endedAt - this.#started,
        ...(this.#firstTextAt === undefined ? {} : { firstTextMs: this.#firstTextAt - this.#started }),
      },
      recordedBy: 'bot',
    };
  }
}
