import { AppautoscalingPolicy, type AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Construct } from "constructs";
import type { AutoscalingConfig } from "../../config/types";

/** Request-count scaling of an ALB-fronted service. */
export interface RequestScaling {
  /** ALB requests per task per minute to hold. */
  readonly targetPerTask: number;
  readonly loadBalancerArnSuffix: string;
  /** One group (rolling), or both groups of a blue/green service. */
  readonly targetGroupArnSuffixes: readonly string[];
}

export interface ServiceAutoscalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly settings: AutoscalingConfig;
  readonly requests?: RequestScaling;
}

type TargetTracking = AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration;
type Metric = Pick<TargetTracking, "predefinedMetricSpecification" | "customizedMetricSpecification">;

/**
 * Requests per target over every target group the service can be behind. One group: the
 * predefined ALBRequestCountPerTarget. Two (blue/green): CodeDeploy moves the tasks and the
 * traffic to the other group on every deployment, and ALBRequestCountPerTarget (one group by
 * its resource label) is not supported there, so metric math adds the groups' per-target
 * counts; the idle group has no requests and contributes 0 (FILL), whichever group is live.
 */
function requestMetric(r: RequestScaling): Metric {
  const [only, ...more] = r.targetGroupArnSuffixes;
  if (more.length === 0) {
    return { predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: `${r.loadBalancerArnSuffix}/${only}` } };
  }
  const ids = r.targetGroupArnSuffixes.map((_, i) => `tg${i}`);
  return {
    customizedMetricSpecification: {
      metrics: [
        ...r.targetGroupArnSuffixes.map((targetGroup, i) => ({
          id: ids[i],
          returnData: false,
          metricStat: {
            stat: "Sum",
            metric: {
              namespace: "AWS/ApplicationELB",
              metricName: "RequestCountPerTarget",
              dimensions: [
                { name: "LoadBalancer", value: r.loadBalancerArnSuffix },
                { name: "TargetGroup", value: targetGroup },
              ],
            },
          },
        })),
        { id: "requests_per_target", label: "Requests per target, all target groups", expression: ids.map((id) => `FILL(${id}, 0)`).join(" + "), returnData: true },
      ],
    },
  };
}

/**
 * Target tracking on CPU, memory and (behind the ALB) requests per target. Each policy can
 * scale out on its own; scale-in happens only when all of them allow it.
 */
export class ServiceAutoscaling extends Construct {
  readonly target: AppautoscalingTarget;
  readonly policies: readonly AppautoscalingPolicy[];

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    this.target = new AppautoscalingTarget(this, "target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    const s = props.settings;
    const metrics: [string, number, Metric][] = [
      ["cpu", s.cpuTargetPercent, { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } }],
      ["memory", s.memoryTargetPercent, { predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } }],
    ];
    if (props.requests) metrics.push(["requests", props.requests.targetPerTask, requestMetric(props.requests)]);
    this.policies = metrics.map(
      ([policyId, targetValue, metric]) =>
        new AppautoscalingPolicy(this, policyId, {
          name: `${props.serviceName}-${policyId}`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: this.target.serviceNamespace,
          scalableDimension: this.target.scalableDimension,
          resourceId: this.target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue,
            scaleOutCooldown: s.scaleOutCooldownSeconds,
            scaleInCooldown: s.scaleInCooldownSeconds,
            ...metric,
          },
        }),
    );
  }
}
