import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument } from "../iam";

export interface AlarmTopicProps {
  readonly name: string;
  readonly accountId: string;
  /** Customer-managed key; its policy must let cloudwatch.amazonaws.com use it. */
  readonly kmsKeyArn: string;
  /** Addresses subscribed by email; each must confirm the subscription AWS mails to it. */
  readonly emails?: readonly string[];
  /** An HTTPS endpoint (pager, chat webhook) subscribed; it must confirm like an address. */
  readonly httpsEndpoint?: string;
}

/** Encrypted SNS topic every alarm notifies, publishable only by this account's CloudWatch alarms. */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, "topic", { name: props.name, kmsMasterKeyId: props.kmsKeyArn });
    this.arn = this.topic.arn;
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyDocument(
        {
          Sid: "CloudWatchAlarms",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        },
        denyInsecureTransport("sns:Publish", [this.topic.arn]),
      ),
    });
    // Keyed by address, so reordering the list replaces no subscription (and sends no new confirmation).
    for (const email of props.emails ?? []) {
      new SnsTopicSubscription(this, `email-${email}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email });
    }
    if (props.httpsEndpoint) {
      new SnsTopicSubscription(this, "https", { topicArn: this.topic.arn, protocol: "https", endpoint: props.httpsEndpoint });
    }
  }
}
