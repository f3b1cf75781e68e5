import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument } from "../iam";
import { subscribeTargets, type NotificationTargets } from "../notification-targets";

export interface AlarmTopicProps extends NotificationTargets {
  readonly name: string;
  readonly accountId: string;
  /** Customer-managed key; its policy must let cloudwatch.amazonaws.com use it. */
  readonly kmsKeyArn: string;
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
    subscribeTargets(this, this.topic.arn, props);
  }
}
