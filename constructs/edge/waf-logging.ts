import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Fn, Token, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Credentials never reach the logs. */
export const ALWAYS_REDACTED_HEADERS = ["authorization"] as const;

/** WAF takes redacted header names in lowercase only; a cross-stack token is lowered by Terraform. */
function lowercase(name: string): string {
  return Token.isUnresolved(name) ? Fn.lower(name) : name.toLowerCase();
}

export interface WafLoggingProps {
  readonly webAclArn: string;
  /** Must start with aws-waf-logs- (WAF refuses other log groups). */
  readonly logGroupName: string;
  /** A key whose policy lets CloudWatch Logs in the log group's region use it. */
  readonly kmsKeyArn: string;
  readonly retentionInDays: number;
  /** Headers redacted besides ALWAYS_REDACTED_HEADERS, e.g. the origin secret header. */
  readonly redactedHeaders?: readonly string[];
  /** Same region as the web ACL: us-east-1 for CLOUDFRONT scope. */
  readonly provider?: TerraformProvider;
  /** The log resource policy granting delivery to the group (WafLogDeliveryPolicy), which must exist first. */
  readonly deliveryPolicy: ITerraformDependable;
}

/**
 * Full WAF request logs to a KMS-encrypted log group. Delivery needs no role: the
 * CloudWatch Logs resource policy (WafLogDeliveryPolicy) grants it, and the logging
 * configuration waits for that policy so AWS never appends to its own shared one.
 */
export class WafLogging extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: WafLoggingProps) {
    super(scope, id);
    if (!props.logGroupName.startsWith("aws-waf-logs-")) {
      throw new Error(`WAF log group ${props.logGroupName} must start with aws-waf-logs-`);
    }
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
      provider: props.provider,
    });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: props.webAclArn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [...ALWAYS_REDACTED_HEADERS, ...(props.redactedHeaders ?? [])].map((name) => ({
        singleHeader: { name: lowercase(name) },
      })),
      provider: props.provider,
      dependsOn: [props.deliveryPolicy],
    });
  }
}
