/**
 * Hands acked work from an adapter's ack path to its worker: an asynchronous Lambda invoke in AWS
 * (the ack returns at once; Slack gives up after 3 s), or the same process locally and in tests.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DispatchError } from './errors.ts';
import type { DedupePort } from './ports.ts';

export interface WorkDispatcher<T> {
  dispatch(work: T): Promise<void>;
}

/**
 * Dispatches the delivery `key`'s work once; false for a repeat, which is dropped. When the hand-off
 * fails the delivery is given back, so the platform's retry (after our 500) runs.
 */
export function dispatchOnce<T>(
  dedupe: DedupePort,
  dispatcher: WorkDispatcher<T>,
  key: string,
  work: T,
): Promise<boolean> {
  return dedupe.once(key, () => dispatcher.dispatch(work));
}

export interface LambdaWorkDispatcherOptions {
  /** The worker function (WORKER_FUNCTION_NAME). */
  readonly functionName: string;
  /** @default new LambdaClient({}) (the function's region, AWS_ENDPOINT_URL_LAMBDA honoured) */
  readonly client?: LambdaClient;
}

export class LambdaWorkDispatcher<T> implements WorkDispatcher<T> {
  readonly #functionName: string;
  readonly #client: LambdaClient;

  constructor(options: LambdaWorkDispatcherOptions) {
    this.#functionName = options.functionName;
    this.#client = options.client ?? new LambdaClient({});
  }

  async dispatch(work: T): Promise<void> {
    try {
      await this.#client.send(
        new InvokeCommand({
          FunctionName: this.#functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(work)),
        }),
      );
    } catch (error) {
      throw new DispatchError(`Cannot invoke the worker ${this.#functionName}`, { cause: error });
    }
  }
}

/** Runs the work in this process without awaiting it; `idle()` waits for everything started. */
export class InProcessWorkDispatcher<T> implements WorkDispatcher<T> {
  readonly #run: (work: T) => Promise<void>;
  readonly #running = new Set<Promise<void>>();

  /** @param run must handle its own errors (the worker logs and replies). */
  constructor(run: (work: T) => Promise<void>) {
    this.#run = run;
  }

  async dispatch(work: T): Promise<void> {
    const running = this.#run(work).finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
