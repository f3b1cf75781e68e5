import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { AlarmConfig } from "../../config/types";

type AlarmBody = Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmActions" | "okActions">;

/** An alarm that notifies `topicArn` when it fires and when it clears. */
export function notifyingAlarm(scope: Construct, id: string, alarmName: string, topicArn: string, body: AlarmBody): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, { alarmName, alarmActions: [topicArn], okActions: [topicArn], ...body });
}

const ALB = "AWS/ApplicationELB";

export interface LoadBalancerAlarmsProps {
  readonly name: (thing: string) => string;
  readonly topicArn: string;
  readonly albArnSuffix: string;
  /** Target group label (`<service>` or `<service>-alt`) -> arn_suffix; one UnHealthyHostCount alarm each. */
  readonly targetGroups: Readonly<Record<string, string>>;
  readonly thresholds: AlarmConfig;
}

/**
 * ALB health: its own 5XX, the targets' 5XX rate, p99 latency and unhealthy targets. No
 * traffic means no datapoints, which is healthy, hence notBreaching throughout.
 */
export class LoadBalancerAlarms extends Construct {
  readonly elb5xx: CloudwatchMetricAlarm;
  readonly target5xxRate: CloudwatchMetricAlarm;
  readonly p99Latency: CloudwatchMetricAlarm;
  readonly unhealthyHosts: Readonly<Record<string, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, p: LoadBalancerAlarmsProps) {
    super(scope, id);
    const lb = { LoadBalancer: p.albArnSuffix };
    const t = p.thresholds;
    this.elb5xx = notifyingAlarm(this, "elb-5xx", p.name("alb-5xx"), p.topicArn, {
      alarmDescription: `ALB-generated 5XX responses >= ${t.alb5xxCount} in 5 minutes`,
      namespace: ALB,
      metricName: "HTTPCode_ELB_5XX_Count",
      dimensions: lb,
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: t.alb5xxCount,
      treatMissingData: "notBreaching",
    });
    const sum = (queryId: string, metricName: string) => ({
      id: queryId,
      metric: { namespace: ALB, metricName, dimensions: lb, stat: "Sum", period: 300 },
    });
    this.target5xxRate = notifyingAlarm(this, "target-5xx-rate", p.name("target-5xx-rate"), p.topicArn, {
      alarmDescription: `Target 5XX responses >= ${t.target5xxRatePercent}% of requests over 5 minutes`,
      metricQuery: [
        sum("errors", "HTTPCode_Target_5XX_Count"),
        sum("requests", "RequestCount"),
        { id: "rate", expression: "100 * FILL(errors, 0) / requests", label: "Target 5XX %", returnData: true },
      ],
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: t.target5xxRatePercent,
      treatMissingData: "notBreaching",
    });
    this.p99Latency = notifyingAlarm(this, "p99-latency", p.name("alb-p99-latency"), p.topicArn, {
      alarmDescription: `p99 target response time > ${t.p99LatencySeconds}s over 5 minutes`,
      namespace: ALB,
      metricName: "TargetResponseTime",
      dimensions: lb,
      extendedStatistic: "p99",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: t.p99LatencySeconds,
      treatMissingData: "notBreaching",
    });
    const unhealthy: Record<string, CloudwatchMetricAlarm> = {};
    for (const [label, arnSuffix] of Object.entries(p.targetGroups)) {
      unhealthy[label] = notifyingAlarm(this, `unhealthy-${label}`, p.name(`${label}-unhealthy-hosts`), p.topicArn, {
        alarmDescription: `Unhealthy targets in the ${label} target group for 2 minutes`,
        namespace: ALB,
        metricName: "UnHealthyHostCount",
        dimensions: { ...lb, TargetGroup: arnSuffix },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 2,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      });
    }
    this.unhealthyHosts = unhealthy;
  }
}

export interface RunningTasksAlarmProps {
  readonly alarmName: string;
  readonly topicArn: string;
  readonly clusterName: string;
  readonly serviceName: string;
}

/** Fewer tasks running than desired for 5 minutes: failing starts, crash loops or no capacity. */
export class RunningTasksAlarm extends Construct {
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, p: RunningTasksAlarmProps) {
    super(scope, id);
    const insight = (queryId: string, metricName: string) => ({
      id: queryId,
      metric: {
        namespace: "ECS/ContainerInsights",
        metricName,
        dimensions: { ClusterName: p.clusterName, ServiceName: p.serviceName },
        stat: "Average",
        period: 60,
      },
    });
    this.alarm = notifyingAlarm(this, "alarm", p.alarmName, p.topicArn, {
      alarmDescription: `${p.serviceName}: RunningTaskCount below DesiredTaskCount for 5 minutes`,
      metricQuery: [
        insight("running", "RunningTaskCount"),
        insight("desired", "DesiredTaskCount"),
        { id: "missing", expression: "desired - running", label: "Tasks missing", returnData: true },
      ],
      evaluationPeriods: 5,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      // Container Insights reports every minute; a gap says nothing about the tasks.
      treatMissingData: "missing",
    });
  }
}
