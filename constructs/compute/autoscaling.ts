import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { Construct } from "constructs";
import type { AutoscalingConfig } from "../../config/types";

export interface ServiceAutoscalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly settings: AutoscalingConfig;
  /** `<alb arn_suffix>/<target group arn_suffix>` for request-count scaling of ALB-fronted services. */
  readonly albResourceLabel?: string;
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
    const metrics: [string, string, number, string?][] = [
      ["cpu", "ECSServiceAverageCPUUtilization", s.cpuTargetPercent],
      ["memory", "ECSServiceAverageMemoryUtilization", s.memoryTargetPercent],
    ];
    if (props.albResourceLabel) {
      metrics.push(["requests", "ALBRequestCountPerTarget", s.requestsPerTarget, props.albResourceLabel]);
    }
    this.policies = metrics.map(
      ([policyId, metric, targetValue, resourceLabel]) =>
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
            predefinedMetricSpecification: { predefinedMetricType: metric, ...(resourceLabel ? { resourceLabel } : {}) },
          },
        }),
    );
  }
}
