import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** SQS's queue props, less the encryption and transport settings every CentralOps queue fixes. */
export interface EncryptedQueueProps
  extends Omit<sqs.QueueProps, 'encryption' | 'encryptionMasterKey' | 'dataKeyReuse' | 'enforceSSL'> {
  /**
   * How long SQS keeps a message.
   * @default Duration.days(14): the longest SQS allows, so a failure waiting on a human is kept
   */
  readonly retentionPeriod?: Duration;
}

/**
 * Every CentralOps SQS queue: encrypted at rest with SQS-managed keys and refusing requests not
 * made over TLS (cdk-nag AwsSolutions-SQS2 and -SQS4), keeping messages 14 days unless told otherwise.
 */
export class EncryptedQueue extends sqs.Queue {
  constructor(scope: Construct, id: string, props: EncryptedQueueProps = {}) {
    super(scope, id, {
      retentionPeriod: Duration.days(14),
      ...props,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  }
}
