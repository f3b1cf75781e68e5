import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** GuardDuty's High band starts at 7.0 (Critical at 9.0). */
export const HIGH_SEVERITY = 7;

/**
 * The protection plans that apply to this platform: S3 data events (buckets), RDS login
 * activity (Aurora) and Runtime Monitoring with GuardDuty-managed agents on ECS Fargate.
 */
export const GUARDDUTY_FEATURES: Readonly<Record<string, readonly string[]>> = {
  S3_DATA_EVENTS: [],
  RDS_LOGIN_EVENTS: [],
  RUNTIME_MONITORING: ["ECS_FARGATE_AGENT_MANAGEMENT"],
};

export interface ThreatDetectionProps {
  /** Name of the EventBridge rule that forwards high-severity findings. */
  readonly ruleName: string;
  readonly alertTopicArn: string;
  readonly provider?: TerraformProvider;
}

/**
 * GuardDuty in one region (a detector exists once per account and region) with its protection
 * plans as detector features (the detector's `datasources` block is deprecated), and an
 * EventBridge rule that sends findings of high or critical severity to the alert topic.
 */
export class ThreatDetection extends Construct {
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const provider = props.provider;
    this.detector = new GuarddutyDetector(this, "detector", { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES", provider });
    for (const [name, additional] of Object.entries(GUARDDUTY_FEATURES)) {
      new GuarddutyDetectorFeature(this, name.toLowerCase().replace(/_/g, "-"), {
        detectorId: this.detector.id,
        name,
        status: "ENABLED",
        additionalConfiguration: additional.map((config) => ({ name: config, status: "ENABLED" })),
        provider,
      });
    }
    const rule = new CloudwatchEventRule(this, "high-severity-findings", {
      name: props.ruleName,
      description: `GuardDuty findings of severity ${HIGH_SEVERITY} or more`,
      eventPattern: JSON.stringify({
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", HIGH_SEVERITY] }] },
      }),
      provider,
    });
    new CloudwatchEventTarget(this, "alert", { rule: rule.name, arn: props.alertTopicArn, provider });
  }
}
