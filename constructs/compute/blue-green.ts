import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ManagedPolicyRole, type AwsAccount, type PolicyStatement } from "../iam";

export interface CodeDeployRoleProps {
  readonly roleName: string;
  readonly policyName: string;
  readonly account: AwsAccount;
  readonly region: string;
  readonly clusterName: string;
  /** ECS service names of the blue/green services. */
  readonly serviceNames: readonly string[];
  readonly albName: string;
  /** Task and execution roles of those services: what a new task set runs as. */
  readonly passRoleArns: readonly string[];
  /** Alarm ARN pattern (the environment's alarms) CodeDeploy reads to stop a deployment. */
  readonly alarmArnPattern: string;
}

/**
 * The role CodeDeploy uses to create task sets and move listener rules, shared by the blue/green
 * services, with a customer-managed policy limited to what the ECS blue/green workflow calls
 * (the actions of AWSCodeDeployRoleForECS) on this environment's cluster, services, ALB,
 * alarms and roles. No lifecycle hooks are configured, so no lambda:InvokeFunction, and no
 * AppSpec is read from S3 (the release passes it inline), so no s3:GetObject.
 */
export class CodeDeployRole extends ManagedPolicyRole {
  constructor(scope: Construct, id: string, props: CodeDeployRoleProps) {
    super(scope, id, {
      roleName: props.roleName,
      assumedBy: "codedeploy.amazonaws.com",
      accountId: props.account.accountId,
      policyName: props.policyName,
      policyDescription: "CodeDeploy ECS blue/green deployments of this environment's services",
      statements: codeDeployStatements(props),
    });
  }
}

/** The ECS blue/green workflow's calls, each scoped to the narrowest resource IAM supports. */
function codeDeployStatements(p: CodeDeployRoleProps): PolicyStatement[] {
  const arn = (service: string, resource: string) => p.account.arn(service, p.region, resource);
  const services = p.serviceNames.map((s) => arn("ecs", `service/${p.clusterName}/${s}`));
  return [
    { Sid: "Services", Effect: "Allow", Action: "ecs:DescribeServices", Resource: services },
    {
      // Authorized against the service or the task set depending on the call: both, never others.
      Sid: "TaskSets",
      Effect: "Allow",
      Action: ["ecs:CreateTaskSet", "ecs:UpdateServicePrimaryTaskSet", "ecs:DeleteTaskSet"],
      Resource: [...services, ...p.serviceNames.map((s) => arn("ecs", `task-set/${p.clusterName}/${s}/*`))],
    },
    {
      Sid: "ReadLoadBalancer",
      Effect: "Allow",
      Action: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules"],
      Resource: "*",
    },
    {
      Sid: "ShiftTraffic",
      Effect: "Allow",
      Action: ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule"],
      Resource: [arn("elasticloadbalancing", `listener/app/${p.albName}/*`), arn("elasticloadbalancing", `listener-rule/app/${p.albName}/*`)],
    },
    { Sid: "Alarms", Effect: "Allow", Action: "cloudwatch:DescribeAlarms", Resource: p.alarmArnPattern },
    {
      Sid: "PassTaskRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: p.passRoleArns,
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
}

export interface BlueGreenDeploymentProps {
  /** CodeDeploy application and deployment group name. */
  readonly name: string;
  readonly serviceRoleArn: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /** Blue (the service's current group) and green, by name. */
  readonly targetGroupNames: readonly [string, string];
  readonly prodListenerArn: string;
  /** Listener rules that attach both target groups to the ALB; CodeDeploy rejects a group without one. */
  readonly attachedBy: readonly ITerraformDependable[];
  /** The role's policy attachment: CodeDeploy validates its permissions when the group is created. */
  readonly roleReady: ITerraformDependable;
  /** Alarms that stop a deployment and roll it back. */
  readonly alarmNames: readonly string[];
  /** Minutes the old task set stays up after traffic moved, for an instant rollback. */
  readonly terminationWaitMinutes?: number;
}

/**
 * CodeDeploy blue/green for one ECS service: a new task set on the idle target group, which
 * must pass the target group's health checks, then all production traffic, rolled back on
 * failure or alarm. No test listener: nothing could reach it (see README, Design decisions).
 */
export class BlueGreenDeployment extends Construct {
  readonly group: CodedeployDeploymentGroup;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    const app = new CodedeployApp(this, "app", { name: props.name, computePlatform: "ECS" });
    this.group = new CodedeployDeploymentGroup(this, "group", {
      appName: app.name,
      deploymentGroupName: props.name,
      serviceRoleArn: props.serviceRoleArn,
      deploymentConfigName: "CodeDeployDefault.ECSAllAtOnce",
      deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
      blueGreenDeploymentConfig: {
        deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: {
          action: "TERMINATE",
          terminationWaitTimeInMinutes: props.terminationWaitMinutes ?? 5,
        },
      },
      ecsService: { clusterName: props.clusterName, serviceName: props.serviceName },
      loadBalancerInfo: {
        targetGroupPairInfo: {
          targetGroup: props.targetGroupNames.map((name) => ({ name })),
          prodTrafficRoute: { listenerArns: [props.prodListenerArn] },
        },
      },
      autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarmConfiguration: { enabled: true, alarms: [...props.alarmNames] },
      dependsOn: [...props.attachedBy, props.roleReady],
    });
  }
}
