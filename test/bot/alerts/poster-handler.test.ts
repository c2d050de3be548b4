import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { processDeliveries } from '#bot/src/alerts/poster-handler.ts';

/** A FIFO queue's record as Lambda's SQS event source delivers it (docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). */
function record(messageId: string, group: string, body: string) {
  return {
    messageId,
    receiptHandle: 'AQEBBX8nesZEXmkhsmZeyIE8iQAMig7qw...',
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1573251510774',
      SequenceNumber: '18849496460467696128',
      MessageGroupId: group,
      SenderId: 'AIDAIO23YVJENQZJOL4VO',
      MessageDeduplicationId: messageId,
      ApproximateFirstReceiveTimestamp: '1573251510774',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:fifo.fifo',
    awsRegion: 'us-east-2',
  };
}

describe('processDeliveries (the poster on the FIFO queue)', () => {
  it("keeps a failed delivery and the rest of its channel queued, in order, and posts the other channels'", async () => {
    // Prepare
    const event = {
      Records: [
        record('a1', 'slack#T0CENTRAL#C0A', 'A1'),
        record('b1', 'slack#T0CENTRAL#C0B', 'B1'),
        record('a2', 'slack#T0CENTRAL#C0A', 'A2'),
        record('b2', 'slack#T0CENTRAL#C0B', 'B2'),
      ],
    } as SQSEvent;
    const posted: string[] = [];
    const consume = async (body: string) => {
      if (body === 'A1') throw new Error('Slack answered 429 past its retries');
      posted.push(body);
    };

    // Act
    const response = await processDeliveries(
      event,
      { getRemainingTimeInMillis: () => 60_000 } as Context,
      consume,
    );

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a1' }, { itemIdentifier: 'a2' }]);
    expect(posted).toEqual(['B1', 'B2']);
  });
});
