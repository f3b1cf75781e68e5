import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ServiceConfig } from "../../config/types";
import type { DataOutputs } from "../contracts";
import type { PolicyStatement } from "../iam";
import type { CapacityShare } from "./cluster";
import { containerDefinitions, scratchVolumes } from "./container-definitions";
import { EcsRole } from "./service-iam";

/** The ALB target group a service registers with, and what must exist before it can. */
export interface ServiceLoadBalancing {
  readonly targetGroupArn: string;
  /** Listener rules attaching the target group to the ALB (ECS rejects an unattached group). */
  readonly attachedBy: readonly ITerraformDependable[];
}

export interface FargateServiceProps {
  readonly service: ServiceConfig;
  /** ECS service name, task family and Cloud Map-independent physical name. */
  readonly name: string;
  readonly logGroupName: string;
  readonly taskRoleName: string;
  readonly taskPolicyName: string;
  /** This service's own execution role: only its image, its log group and its secrets. */
  readonly executionRoleName: string;
  readonly executionPolicyName: string;
  readonly executionStatements: readonly PolicyStatement[];
  readonly accountId: string;
  readonly region: string;
  readonly image: string;
  readonly data: DataOutputs;
  readonly taskStatements: readonly PolicyStatement[];
  readonly clusterArn: string;
  readonly capacityStrategy: readonly CapacityShare[];
  /** The cluster's capacity provider association; services cannot use providers before it. */
  readonly capacityProviders: ITerraformDependable;
  readonly namespaceId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  readonly xrayTracing: boolean;
  readonly executeCommand: boolean;
  readonly forceDestroyDiscovery: boolean;
  readonly loadBalancing?: ServiceLoadBalancing;
  /** CODE_DEPLOY hands deployments to CodeDeploy blue/green; ECS is rolling with circuit breaker. */
  readonly controller?: "ECS" | "CODE_DEPLOY";
  /** Seconds ALB health checks are ignored after a task starts. */
  readonly healthCheckGracePeriodSeconds?: number;
  /** How long an apply waits for a rolling service to reach steady state before it fails. */
  readonly steadyStateTimeoutMinutes: number;
}

/** One containerised service: log group, task role, task definition, Cloud Map entry and ECS service. */
export class FargateService extends Construct {
  readonly service: EcsService;
  readonly taskDefinition: EcsTaskDefinition;
  readonly logGroup: CloudwatchLogGroup;
  readonly taskRole: EcsRole;
  readonly executionRole: EcsRole;
  readonly discovery: ServiceDiscoveryService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { service } = props;
    const controller = props.controller ?? "ECS";
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });
    this.taskRole = new EcsRole(this, "task-role", {
      roleName: props.taskRoleName,
      accountId: props.accountId,
      policyName: props.taskPolicyName,
      service: service.name,
      purpose: `What the ${service.name} service's code may do`,
      statements: props.taskStatements,
    });
    this.executionRole = new EcsRole(this, "execution-role", {
      roleName: props.executionRoleName,
      accountId: props.accountId,
      policyName: props.executionPolicyName,
      service: service.name,
      purpose: `What ECS needs to start ${service.name} tasks: its image, its log group, its secrets`,
      statements: props.executionStatements,
    });
    this.taskDefinition = new EcsTaskDefinition(this, "task", {
      family: props.name,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: String(service.cpu),
      memory: String(service.memory),
      // X86_64: Fargate Spot runs no ARM64 tasks, and dev/staging use Spot.
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: scratchVolumes(props.executeCommand).map((v) => ({ name: v.name })),
      containerDefinitions: JSON.stringify(
        containerDefinitions({
          service,
          image: props.image,
          data: props.data,
          logGroupName: this.logGroup.name,
          region: props.region,
          xrayTracing: props.xrayTracing,
          executeCommand: props.executeCommand,
        }),
      ),
    });
    this.discovery = new ServiceDiscoveryService(this, "discovery", {
      name: service.name,
      description: `${service.name} tasks (A records, one per healthy task)`,
      forceDestroy: props.forceDestroyDiscovery,
      dnsConfig: {
        namespaceId: props.namespaceId,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: "A", ttl: 10 }],
      },
      // ECS reports task health to Cloud Map; failure_threshold is fixed at 1 by the API.
      healthCheckCustomConfig: { failureThreshold: 1 },
    });

    const lb = props.loadBalancing;
    const rolling = controller === "ECS";
    this.service = new EcsService(this, "service", {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: service.desiredCount,
      // Explicit, not the cluster default: a service left to the default shows a forced
      // replacement on every plan (hashicorp/terraform-provider-aws#29143).
      capacityProviderStrategy: [...props.capacityStrategy],
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: [props.securityGroupId],
        assignPublicIp: false,
      },
      deploymentController: { type: controller },
      ...(rolling ? { deploymentCircuitBreaker: { enable: true, rollback: true } } : {}),
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      ...(lb
        ? {
            loadBalancer: [{ targetGroupArn: lb.targetGroupArn, containerName: service.name, containerPort: service.containerPort }],
            healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 120,
          }
        : {}),
      serviceRegistries: { registryArn: this.discovery.arn },
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      enableExecuteCommand: props.executeCommand,
      // Rolling: an apply whose tasks cannot start (no image, no secret) fails instead of
      // reporting success. Blue/green: ECS lists CodeDeploy task sets, not deployments, and
      // the provider's waiter counts deployments, so it would wait out the timeout on every
      // create; a CodeDeploy deployment waits for and verifies its own tasks instead.
      waitForSteadyState: rolling,
      ...(rolling
        ? { timeouts: { create: `${props.steadyStateTimeoutMinutes}m`, update: `${props.steadyStateTimeoutMinutes}m` } }
        : {}),
      // Tasks start with both roles' policies attached, and lose them only after the service is gone.
      dependsOn: [props.capacityProviders, this.taskRole.attachment, this.executionRole.attachment, ...(lb?.attachedBy ?? [])],
      lifecycle: {
        // Autoscaling owns the count. CodeDeploy owns the task definition and target group of a
        // blue/green service and drops the capacity strategy unless its AppSpec repeats it.
        ignoreChanges: rolling
          ? ["desired_count"]
          : ["desired_count", "task_definition", "load_balancer", "capacity_provider_strategy"],
      },
    });
  }
}
