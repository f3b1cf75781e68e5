import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Construct } from "constructs";

export interface CapacityShare {
  readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
  readonly base?: number;
  readonly weight: number;
}

/**
 * At least one on-demand task always (base 1), the rest split evenly with Spot when Spot
 * is allowed, so a Spot reclaim never takes a service to zero.
 */
export function capacityStrategy(fargateSpot: boolean): CapacityShare[] {
  return [
    { capacityProvider: "FARGATE", base: 1, weight: 1 },
    ...(fargateSpot ? [{ capacityProvider: "FARGATE_SPOT" as const, weight: 1 }] : []),
  ];
}

export interface FargateClusterProps {
  readonly name: string;
  readonly fargateSpot: boolean;
}

/** ECS cluster with Container Insights and the Fargate capacity providers. */
export class FargateCluster extends Construct {
  readonly cluster: EcsCluster;
  readonly capacityProviders: EcsClusterCapacityProviders;
  readonly strategy: readonly CapacityShare[];

  constructor(scope: Construct, id: string, props: FargateClusterProps) {
    super(scope, id);
    this.cluster = new EcsCluster(this, "cluster", {
      name: props.name,
      // The running-task alarms and the dashboard read ECS/ContainerInsights metrics.
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
    this.strategy = capacityStrategy(props.fargateSpot);
    this.capacityProviders = new EcsClusterCapacityProviders(this, "capacity-providers", {
      clusterName: this.cluster.name,
      capacityProviders: this.strategy.map((s) => s.capacityProvider),
      defaultCapacityProviderStrategy: [...this.strategy],
    });
  }
}
