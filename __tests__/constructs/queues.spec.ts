import { WorkQueue } from "../../constructs/data/queues";
import { PROFILES } from "../../config/profiles";
import { resourcesOf, snapshotView, synthConstruct } from "../support/synth";

describe("WorkQueue (synthScope)", () => {
  const queueConfig = PROFILES.prod.queue;
  const json = synthConstruct((scope) => {
    new WorkQueue(scope, "q", { name: "payment-transactions-test", deadLetterName: "payment-transactions-dlq-test", queue: queueConfig, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" });
  });
  const queues = Object.fromEntries(resourcesOf(json, "aws_sqs_queue").map(([, q]) => [q.name, q]));
  const main = queues["payment-transactions-test"];
  const dlq = queues["payment-transactions-dlq-test"];

  it("encrypts both queues with the customer-managed key", () => {
    for (const queue of [main, dlq]) expect(queue.kms_master_key_id).toBe("arn:aws:kms:us-east-1:123456789012:key/k");
  });

  it("moves a message to the dead-letter queue after maxReceiveCount receives", () => {
    expect(JSON.parse(main.redrive_policy)).toEqual({ deadLetterTargetArn: expect.stringContaining("aws_sqs_queue."), maxReceiveCount: queueConfig.maxReceiveCount });
    expect(main.visibility_timeout_seconds).toBe(queueConfig.visibilityTimeoutSeconds);
    expect(dlq.message_retention_seconds).toBe(1209600);
  });

  it("accepts redrives into the DLQ only from its own queue", () => {
    const [[, allow]] = resourcesOf(json, "aws_sqs_queue_redrive_allow_policy");
    expect(JSON.parse(allow.redrive_allow_policy)).toMatchObject({ redrivePermission: "byQueue", sourceQueueArns: [expect.any(String)] });
  });

  it("refuses non-TLS access to both queues", () => {
    const policies = resourcesOf(json, "aws_sqs_queue_policy").map(([, p]) => JSON.parse(p.policy).Statement[0]);
    expect(policies).toHaveLength(2);
    for (const statement of policies) expect(statement).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});
