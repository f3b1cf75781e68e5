import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, type AwsAccount } from "../iam";

export interface WafLogDeliveryPolicyProps {
  /** Policy name, unique per account and region: one policy per environment and region. */
  readonly name: string;
  readonly account: AwsAccount;
  /** Region of the log groups (and of the provider). */
  readonly region: string;
  /** This environment's aws-waf-logs-* groups in that region. */
  readonly logGroupNames: readonly string[];
  readonly provider?: TerraformProvider;
}

/**
 * The CloudWatch Logs resource policy that lets WAF's log delivery write to this environment's
 * log groups, in the shape AWS itself would write. Without it, enabling logging makes AWS append
 * the log group to the account's shared AWSLogDeliveryWrite20150319 policy in that region, which
 * is capped at 5,120 characters: every environment's CloudFront WAF group lands in us-east-1, so
 * sooner or later an apply fails there. When a policy already grants delivery to the group, AWS
 * leaves its own alone. Scoped to this environment's groups so destroying one environment never
 * revokes another's delivery; each environment uses one of the 10 policies a region allows.
 */
export class WafLogDeliveryPolicy extends Construct {
  readonly policy: CloudwatchLogResourcePolicy;

  constructor(scope: Construct, id: string, props: WafLogDeliveryPolicyProps) {
    super(scope, id);
    const { account, region } = props;
    this.policy = new CloudwatchLogResourcePolicy(this, "policy", {
      policyName: props.name,
      policyDocument: policyDocument({
        Sid: "AWSLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: props.logGroupNames.map((name) => account.arn("logs", region, `log-group:${name}:log-stream:*`)),
        Condition: {
          StringEquals: { "aws:SourceAccount": account.accountId },
          ArnLike: { "aws:SourceArn": account.arn("logs", region, "*") },
        },
      }),
      provider: props.provider,
    });
  }
}
