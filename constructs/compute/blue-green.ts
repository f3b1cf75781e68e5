import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { assumeRolePolicy } from "../iam";

export interface CodeDeployRoleProps {
  readonly roleName: string;
  readonly accountId: string;
  readonly partition: string;
}

/** The role CodeDeploy uses to create task sets and move listener rules, shared by every service. */
export class CodeDeployRole extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: CodeDeployRoleProps) {
    super(scope, id);
    const role = new IamRole(this, "role", {
      name: props.roleName,
      assumeRolePolicy: assumeRolePolicy("codedeploy.amazonaws.com", props.accountId),
    });
    // AWS maintains the exact ECS/ELB/PassRole set CodeDeploy's ECS workflow calls.
    new IamRolePolicyAttachment(this, "ecs", {
      role: role.name,
      policyArn: `arn:${props.partition}:iam::aws:policy/AWSCodeDeployRoleForECS`,
    });
    this.arn = role.arn;
  }
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
  readonly testListenerArn: string;
  /** Alarms that stop a deployment and roll it back. */
  readonly alarmNames: readonly string[];
  /** Minutes the old task set stays up after traffic moved, for an instant rollback. */
  readonly terminationWaitMinutes?: number;
}

/**
 * CodeDeploy blue/green for one ECS service: new task set on the idle target group, test
 * traffic first, then all production traffic, rolled back on failure or alarm.
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
          testTrafficRoute: { listenerArns: [props.testListenerArn] },
        },
      },
      autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarmConfiguration: { enabled: true, alarms: [...props.alarmNames] },
    });
  }
}
