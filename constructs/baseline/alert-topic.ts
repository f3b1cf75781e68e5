import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, type AwsAccount, type PolicyStatement } from "../iam";
import { EncryptionKey } from "../kms-key";
import { subscribeTargets, type NotificationTargets } from "../notification-targets";

/** Services that publish security alerts: CloudWatch alarms and EventBridge rules. */
const PUBLISHERS = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] as const;

export interface SecurityAlertTopicProps {
  readonly account: AwsAccount;
  /** The topic's region (its ARN is named in the key policy before the topic exists). */
  readonly region: string;
  readonly name: string;
  readonly keyAlias: string;
  /** Who is told of a finding: the profile's alarm notification targets. */
  readonly notify: NotificationTargets;
  readonly deletionWindowInDays: number;
  /** CloudWatch alarms and EventBridge rules reach only a topic of their own region. */
  readonly provider?: TerraformProvider;
}

/**
 * KMS-encrypted SNS topic for security alerts of one region. SNS needs the publishing service
 * to be allowed on the key as well as on the topic, or encrypted publishes fail silently.
 */
export class SecurityAlertTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: SecurityAlertTopicProps) {
    super(scope, id);
    const provider = props.provider;
    const sameAccount = { StringEquals: { "aws:SourceAccount": props.account.accountId } };
    // SNS passes the topic's ARN as encryption context: the key serves this topic only.
    const thisTopic = { ArnEquals: { "kms:EncryptionContext:aws:sns:topicArn": props.account.arn("sns", props.region, props.name) } };
    this.key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: props.keyAlias,
      description: `Security alerts topic ${props.name}`,
      deletionWindowInDays: props.deletionWindowInDays,
      grants: PUBLISHERS.map((service) => ({ service, actions: ["kms:Decrypt", "kms:GenerateDataKey*"], condition: thisTopic })),
      provider,
    });
    this.topic = new SnsTopic(this, "topic", { name: props.name, kmsMasterKeyId: this.key.arn, provider });
    this.arn = this.topic.arn;
    const publishers: PolicyStatement[] = PUBLISHERS.map((service, i) => ({
      Sid: `Publish${i}`,
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sns:Publish",
      Resource: this.topic.arn,
      Condition: sameAccount,
    }));
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyDocument(...publishers, denyInsecureTransport("sns:Publish", [this.topic.arn])),
      provider,
    });
    subscribeTargets(this, this.topic.arn, props.notify, provider);
  }
}
