import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { Construct } from "constructs";
import type { QueueConfig } from "../../config/types";
import { denyInsecureTransport, policyDocument } from "../iam";

/** The longest SQS keeps a message: a dead letter waits as long as possible for a look. */
const DEAD_LETTER_RETENTION_SECONDS = 1209600;
/** Seconds SQS reuses a data key before asking KMS again (cost vs. key freshness). */
const DATA_KEY_REUSE_SECONDS = 300;
/** Long polling: consumers wait up to 20 s instead of hammering empty receives. */
const RECEIVE_WAIT_SECONDS = 20;

export interface WorkQueueProps {
  /** Queue name; the dead-letter queue is named by `deadLetterName`. */
  readonly name: string;
  readonly deadLetterName: string;
  readonly queue: QueueConfig;
  readonly kmsKeyArn: string;
}

/**
 * A KMS-encrypted queue with its dead-letter queue: messages received `maxReceiveCount`
 * times move to the DLQ, which accepts redrives only from this queue. Both refuse non-TLS.
 */
export class WorkQueue extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetter: SqsQueue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const encryption = { kmsMasterKeyId: props.kmsKeyArn, kmsDataKeyReusePeriodSeconds: DATA_KEY_REUSE_SECONDS };

    this.deadLetter = new SqsQueue(this, "dlq", {
      name: props.deadLetterName,
      ...encryption,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      receiveWaitTimeSeconds: RECEIVE_WAIT_SECONDS,
      visibilityTimeoutSeconds: props.queue.visibilityTimeoutSeconds,
    });
    this.queue = new SqsQueue(this, "queue", {
      name: props.name,
      ...encryption,
      messageRetentionSeconds: props.queue.messageRetentionSeconds,
      receiveWaitTimeSeconds: RECEIVE_WAIT_SECONDS,
      visibilityTimeoutSeconds: props.queue.visibilityTimeoutSeconds,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetter.arn, maxReceiveCount: props.queue.maxReceiveCount }),
    });
    // A separate resource: inline on the DLQ it would reference the queue that references it.
    new SqsQueueRedriveAllowPolicy(this, "dlq-redrive-allow", {
      queueUrl: this.deadLetter.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [this.queue.arn] }),
    });
    for (const [role, queue] of [["queue", this.queue], ["dlq", this.deadLetter]] as const) {
      new SqsQueuePolicy(this, `${role}-policy`, {
        queueUrl: queue.url,
        policy: policyDocument(denyInsecureTransport("sqs:*", [queue.arn])),
      });
    }
  }
}
