import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface CloudFrontAccessLogsProps {
  /** Delivery source and destination name (1-60 characters). */
  readonly name: string;
  readonly distributionArn: string;
  readonly logGroupName: string;
  /** A us-east-1 key whose policy lets CloudWatch Logs use it for this log group. */
  readonly kmsKeyArn: string;
  readonly retentionInDays: number;
  /** CloudFront registers log deliveries only through the us-east-1 CloudWatch Logs API. */
  readonly provider: TerraformProvider;
}

/**
 * CloudFront standard logging v2: access logs delivered by CloudWatch Logs into a
 * KMS-encrypted log group. The legacy logging_config would need an ACL-enabled bucket,
 * which every bucket of this platform refuses (BucketOwnerEnforced).
 */
export class CloudFrontAccessLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly delivery: CloudwatchLogDelivery;

  constructor(scope: Construct, id: string, props: CloudFrontAccessLogsProps) {
    super(scope, id);
    const provider = props.provider;
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
      provider,
    });
    const source = new CloudwatchLogDeliverySource(this, "source", {
      name: props.name,
      logType: "ACCESS_LOGS",
      resourceArn: props.distributionArn,
      provider,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, "destination", {
      name: props.name,
      outputFormat: "json",
      deliveryDestinationConfiguration: [{ destinationResourceArn: this.logGroup.arn }],
      provider,
    });
    this.delivery = new CloudwatchLogDelivery(this, "delivery", {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      provider,
    });
  }
}
