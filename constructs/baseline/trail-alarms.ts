import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

/** Where the trail's metric filters count; the metric names carry the environment suffix. */
export const SECURITY_METRIC_NAMESPACE = "PaymentPlatform/Security";

const IAM_POLICY_EVENTS = [
  "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
  "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy",
  "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
];
const TRAIL_EVENTS = ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"];
const anyEvent = (names: readonly string[]) => names.map((n) => `($.eventName = ${n})`).join(" || ");

/**
 * The CloudTrail events that alarm, with the filter patterns of the CIS AWS Foundations
 * Benchmark (Security Hub controls CloudWatch.1, .4 and .5).
 */
export const TRAIL_ALARMS = {
  "root-activity": {
    description: "The root user signed in or called an API",
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  "cloudtrail-changes": {
    description: "A trail was created, changed, deleted, started or stopped",
    pattern: `{ ${anyEvent(TRAIL_EVENTS)} }`,
  },
  "iam-policy-changes": {
    description: "An IAM policy was created, changed, attached or detached",
    pattern: `{ ($.eventSource = iam.amazonaws.com) && (${anyEvent(IAM_POLICY_EVENTS)}) }`,
  },
} as const;
export type TrailAlarmName = keyof typeof TRAIL_ALARMS;

export interface TrailAlarmsProps {
  readonly logGroupName: string;
  /** payment-<alarm>-<suffix> */
  readonly name: (alarm: TrailAlarmName) => string;
  readonly topicArn: string;
}

/** A metric filter on the trail's log group and an alarm on its first match, per TRAIL_ALARMS entry. */
export class TrailAlarms extends Construct {
  readonly alarms: Record<TrailAlarmName, CloudwatchMetricAlarm>;

  constructor(scope: Construct, id: string, props: TrailAlarmsProps) {
    super(scope, id);
    const entries = Object.entries(TRAIL_ALARMS) as [TrailAlarmName, (typeof TRAIL_ALARMS)[TrailAlarmName]][];
    this.alarms = Object.fromEntries(
      entries.map(([alarm, { description, pattern }]) => {
        const metricName = props.name(alarm);
        new CloudwatchLogMetricFilter(this, `${alarm}-filter`, {
          name: metricName,
          logGroupName: props.logGroupName,
          pattern,
          metricTransformation: { name: metricName, namespace: SECURITY_METRIC_NAMESPACE, value: "1", defaultValue: "0" },
        });
        const resource = new CloudwatchMetricAlarm(this, alarm, {
          alarmName: metricName,
          alarmDescription: description,
          namespace: SECURITY_METRIC_NAMESPACE,
          metricName,
          statistic: "Sum",
          period: 300,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [props.topicArn],
        });
        return [alarm, resource];
      }),
    ) as Record<TrailAlarmName, CloudwatchMetricAlarm>;
  }
}
