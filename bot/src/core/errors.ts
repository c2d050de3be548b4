/** Errors of the shared bot pipeline, under one area base (common/errors.ts: each area has one). */
import { CentralOpsError } from '#common/errors.ts';

export class BotCoreError extends CentralOpsError {}

/** The agent did not finish its turn within the pipeline's time budget. */
export class AgentTimeoutError extends BotCoreError {
  constructor(timeoutMs: number, options?: ErrorOptions) {
    super(`The agent did not finish within ${timeoutMs} ms`, options);
  }
}

/** The dedupe record could not be written (the state table is unreachable or refused the write). */
export class DedupeError extends BotCoreError {}

/** The asynchronous hand-off from the ack path to the worker failed. */
export class DispatchError extends BotCoreError {}

/**
 * What an AgentRuntimePort throws when the agent cannot be asked or answered: the pipeline tells
 * the user which kind of failure it was, never its internals.
 */
export class AgentRuntimeError extends BotCoreError {}

/** The runtime could not be reached or refused the call (network, HTTP status, AWS error). */
export class AgentUnreachableError extends AgentRuntimeError {}

/** The agent answered with something that is not a stream of AgentEvents. */
export class AgentBadAnswerError extends AgentRuntimeError {}
