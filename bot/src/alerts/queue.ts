/**
 * Between the router and the poster: an SQS FIFO queue in AWS (message group = channel, so each
 * channel is posted in order and at its own pace, and a failed post stays queued until it goes
 * through), or the same discipline in this process for the local stack, tests and benches.
 */
import { SendMessageBatchCommand, type SendMessageBatchCommandOutput, SQSClient } from '@aws-sdk/client-sqs';
import { type AlertDelivery, deliveryGroup, deliveryId } from './delivery.ts';
import { AlertQueueError } from './errors.ts';

export interface AlertQueue {
  /** Queues every delivery, or throws (nothing is lost: the event is retried). */
  send(deliveries: readonly AlertDelivery[]): Promise<void>;
}

export interface SqsAlertQueueOptions {
  /** ALERT_QUEUE_URL: the FIFO queue. */
  readonly queueUrl: string;
  /** @default new SQSClient({}) */
  readonly client?: SQSClient;
}

/** SendMessageBatch takes at most 10 messages. */
const BATCH = 10;

export class SqsAlertQueue implements AlertQueue {
  readonly #queueUrl: string;
  readonly #client: SQSClient;

  constructor(options: SqsAlertQueueOptions) {
    this.#queueUrl = options.queueUrl;
    this.#client = options.client ?? new SQSClient({});
  }

  async send(deliveries: readonly AlertDelivery[]): Promise<void> {
    for (let start = 0; start < deliveries.length; start += BATCH) {
      const batch = deliveries.slice(start, start + BATCH);
      let result: SendMessageBatchCommandOutput;
      try {
        result = await this.#client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.#queueUrl,
            Entries: batch.map((delivery, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(delivery),
              MessageGroupId: deliveryGroup(delivery.channel),
              MessageDeduplicationId: deliveryId(delivery),
            })),
          }),
        );
      } catch (error) {
        throw new AlertQueueError(`Cannot queue ${batch.length} alert deliveries`, { cause: error });
      }
      if (result.Failed?.length) {
        throw new AlertQueueError(
          `SQS refused ${result.Failed.length} of ${batch.length} alert deliveries: ${result.Failed[0]?.Message ?? ''}`,
        );
      }
    }
  }
}

/**
 * The FIFO discipline in this process: deliveries of one channel run one after the other, in the
 * order queued; channels run side by side. A delivery that throws is tried again (as SQS would,
 * after its visibility timeout) up to `attempts` times, and the channel's later deliveries wait.
 */
export class InProcessAlertQueue implements AlertQueue {
  readonly #consume: (delivery: AlertDelivery) => Promise<void>;
  readonly #attempts: number;
  readonly #groups = new Map<string, Promise<void>>();
  readonly #onFailure: (delivery: AlertDelivery, error: unknown) => void;

  constructor(
    consume: (delivery: AlertDelivery) => Promise<void>,
    options: {
      readonly attempts?: number;
      readonly onFailure?: (delivery: AlertDelivery, error: unknown) => void;
    } = {},
  ) {
    this.#consume = consume;
    this.#attempts = options.attempts ?? 5;
    this.#onFailure = options.onFailure ?? (() => undefined);
  }

  async send(deliveries: readonly AlertDelivery[]): Promise<void> {
    for (const delivery of deliveries) {
      const group = deliveryGroup(delivery.channel);
      const next = (this.#groups.get(group) ?? Promise.resolve()).then(() => this.#run(delivery));
      this.#groups.set(group, next);
      void next.finally(() => {
        if (this.#groups.get(group) === next) this.#groups.delete(group);
      });
    }
  }

  /** Resolves once every delivery queued so far has run. */
  async idle(): Promise<void> {
    while (this.#groups.size > 0) await Promise.allSettled([...this.#groups.values()]);
  }

  async #run(delivery: AlertDelivery): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#consume(delivery);
        return;
      } catch (error) {
        if (attempt >= this.#attempts) {
          // Where SQS would move it to the dead-letter queue.
          this.#onFailure(delivery, error);
          return;
        }
      }
    }
  }
}
