import type { CapacityShare } from "../../constructs/compute/cluster";

export interface AppSpecInput {
  /** The task definition revision Terraform just registered. */
  readonly taskDefinitionArn: string;
  /** The container the target group routes to, and its port. */
  readonly containerName: string;
  readonly containerPort: number;
  /** The service's capacity provider strategy: CodeDeploy drops it from the service unless repeated. */
  readonly capacityProviderStrategy: readonly CapacityShare[];
}

/**
 * The AppSpec of a CodeDeploy ECS blue/green deployment
 * (docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html),
 * as the JSON text CreateDeployment's AppSpecContent takes.
 */
export function ecsAppSpec(input: AppSpecInput): string {
  if (!/^arn:aws[\w-]*:ecs:[\w-]+:\d{12}:task-definition\/[\w-]+:\d+$/.test(input.taskDefinitionArn)) {
    throw new Error(`not a task definition revision ARN: ${input.taskDefinitionArn}`);
  }
  return JSON.stringify({
    version: "0.0",
    Resources: [
      {
        TargetService: {
          Type: "AWS::ECS::Service",
          Properties: {
            TaskDefinition: input.taskDefinitionArn,
            LoadBalancerInfo: { ContainerName: input.containerName, ContainerPort: input.containerPort },
            CapacityProviderStrategy: input.capacityProviderStrategy.map((s) => ({
              CapacityProvider: s.capacityProvider,
              Weight: s.weight,
              Base: s.base ?? 0,
            })),
          },
        },
      },
    ],
  });
}
