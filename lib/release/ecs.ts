import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ECSClient, type Service } from "@aws-sdk/client-ecs";

/** The newest revision of a task family and the image of its container `container`. */
export async function latestTaskDefinition(ecs: ECSClient, family: string, container: string): Promise<{ arn: string; image: string }> {
  const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
  const image = taskDefinition?.containerDefinitions?.find((c) => c.name === container)?.image;
  if (!taskDefinition?.taskDefinitionArn || !image) throw new Error(`task definition ${family} has no container ${container}`);
  return { arn: taskDefinition.taskDefinitionArn, image };
}

export async function describeService(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  const { services, failures } = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = services?.[0];
  if (!found || found.status !== "ACTIVE") {
    throw new Error(`ECS service ${service} in ${cluster} not found (${failures?.[0]?.reason ?? found?.status ?? "no answer"})`);
  }
  return found;
}

export interface Unsteady {
  readonly reason: string;
  /** Waiting cannot help: the rollout failed or went back to an older revision. */
  readonly final: boolean;
}

/**
 * Why the service is not yet running `taskDefinitionArn` steadily, or undefined when it is:
 * rolling services have one deployment, COMPLETED; blue/green (CODE_DEPLOY) services one task
 * set, PRIMARY; either way every desired task running.
 */
export function notSteady(service: Service, taskDefinitionArn: string): Unsteady | undefined {
  const wait = (reason: string) => ({ reason, final: false });
  if (service.deploymentController?.type === "CODE_DEPLOY") {
    const sets = service.taskSets ?? [];
    const primary = sets.find((s) => s.status === "PRIMARY");
    if (primary?.taskDefinition !== taskDefinitionArn) {
      const pending = sets.some((s) => s.taskDefinition === taskDefinitionArn);
      return { reason: `primary task set runs ${primary?.taskDefinition ?? "nothing"}`, final: !pending };
    }
    if (sets.length > 1) return wait(`${sets.length} task sets (the old one is still draining)`);
    if (primary.runningCount !== primary.computedDesiredCount) return wait(`${primary.runningCount ?? 0}/${primary.computedDesiredCount ?? 0} tasks running`);
    return undefined;
  }
  const deployments = service.deployments ?? [];
  const primary = deployments.find((d) => d.status === "PRIMARY");
  if (primary?.taskDefinition !== taskDefinitionArn) {
    return { reason: `primary deployment runs ${primary?.taskDefinition ?? "nothing"} (the circuit breaker rolled back?)`, final: true };
  }
  if (primary.rolloutState === "FAILED") return { reason: `rollout failed: ${primary.rolloutStateReason ?? "no reason given"}`, final: true };
  if (deployments.length > 1 || primary.rolloutState !== "COMPLETED") return wait(`rollout ${primary.rolloutState ?? "in progress"}, ${deployments.length} deployments`);
  if (service.runningCount !== service.desiredCount) return wait(`${service.runningCount ?? 0}/${service.desiredCount ?? 0} tasks running`);
  return undefined;
}
