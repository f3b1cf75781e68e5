import { AUTOSCALING } from "../../config/profiles/defaults";
import { ServiceAutoscaling } from "../../constructs/compute/autoscaling";
import { executionStatements } from "../../constructs/compute/iam-policies";
import { CodeDeployRole } from "../../constructs/compute/blue-green";
import { ListenerRules } from "../../constructs/compute/listener-rules";
import { PublicLoadBalancer } from "../../constructs/compute/load-balancer";
import { AwsAccount, ManagedPolicyRole } from "../../constructs/iam";
import { VpcFlowLogs } from "../../constructs/network/flow-logs";
import { FargateCluster } from "../../constructs/compute/cluster";
import { FargateService } from "../../constructs/compute/fargate-service";
import { fakeData } from "../support/fakes";
import { configFor, resourcesOf, synthConstruct as synth, type TfJson } from "../support/synth";
const only = (json: TfJson, type: string) => {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return { key: all[0][0], body: all[0][1] };
};

describe("ManagedPolicyRole", () => {
  const json = synth((scope) => {
    new ManagedPolicyRole(scope, "r", {
      roleName: "payment-x-dev",
      assumedBy: "ecs-tasks.amazonaws.com",
      accountId: "123456789012",
      policyName: "payment-x-dev",
      policyDescription: "what x may do",
      statements: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
    });
  });

  it("attaches one customer-managed policy and no inline policy", () => {
    const role = only(json, "aws_iam_role");
    const policy = only(json, "aws_iam_policy");
    expect(policy.body).toMatchObject({ name: "payment-x-dev", description: "what x may do" });
    expect(JSON.parse(policy.body.policy).Statement).toEqual([{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]);
    expect(only(json, "aws_iam_role_policy_attachment").body).toEqual({
      role: `\${aws_iam_role.${role.key}.name}`,
      policy_arn: `\${aws_iam_policy.${policy.key}.arn}`,
    });
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual([]);
    const [trust] = JSON.parse(role.body.assume_role_policy).Statement;
    expect(trust).toMatchObject({ Principal: { Service: "ecs-tasks.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } });
    expect(json.resource).toMatchSnapshot();
  });
});

describe("CodeDeployRole", () => {
  const json = synth((scope) => {
    new CodeDeployRole(scope, "cd", {
      roleName: "payment-codedeploy-dev",
      policyName: "payment-codedeploy-dev",
      account: new AwsAccount(scope, "account"),
      region: "eu-west-1",
      clusterName: "payment-cluster-dev",
      serviceNames: ["payment-api-dev"],
      albName: "payment-alb-dev",
      passRoleArns: ["arn:aws:iam::123456789012:role/payment-api-task-dev"],
      alarmArnPattern: "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:payment-*-dev",
    });
  });

  it("has only the ECS blue/green calls, on this environment's resources, and no AWS-managed policy", () => {
    const statements = JSON.parse(only(json, "aws_iam_policy").body.policy).Statement as Record<string, any>[];
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect(actions).toEqual(
      [
        "cloudwatch:DescribeAlarms",
        "ecs:CreateTaskSet",
        "ecs:DeleteTaskSet",
        "ecs:DescribeServices",
        "ecs:UpdateServicePrimaryTaskSet",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:ModifyRule",
        "iam:PassRole",
      ].sort(),
    );
    expect(only(json, "aws_iam_role_policy_attachment").body.policy_arn).not.toContain(":iam::aws:policy/");
    expect(json.resource).toMatchSnapshot();
  });
});

describe("ServiceAutoscaling", () => {
  const settings = AUTOSCALING;
  const withTargetGroups = (targetGroupArnSuffixes: string[]) =>
    synth((scope) => {
      new ServiceAutoscaling(scope, "a", {
        clusterName: "c",
        serviceName: "s",
        minCapacity: 1,
        maxCapacity: 4,
        settings,
        requests: { targetPerTask: 500, loadBalancerArnSuffix: "app/alb/1", targetGroupArnSuffixes },
      });
    });
  const blueGreen = withTargetGroups(["targetgroup/blue/1", "targetgroup/green/2"]);
  const rolling = withTargetGroups(["targetgroup/blue/1"]);
  const requests = (json: TfJson) => resourcesOf(json, "aws_appautoscaling_policy").find(([, p]) => p.name === "s-requests")![1].target_tracking_scaling_policy_configuration;

  it("tracks one group with the predefined metric", () => {
    expect(requests(rolling)).toMatchObject({
      target_value: 500,
      predefined_metric_specification: { predefined_metric_type: "ALBRequestCountPerTarget", resource_label: "app/alb/1/targetgroup/blue/1" },
    });
  });

  it("sums both groups' requests per target with metric math, whichever is live", () => {
    expect(requests(blueGreen)).toMatchObject({ target_value: 500 });
    expect(requests(blueGreen).predefined_metric_specification).toBeUndefined();
    expect(requests(blueGreen).customized_metric_specification).toMatchSnapshot();
  });
});

describe("ListenerRules", () => {
  const json = synth((scope) => {
    new ListenerRules(scope, "rules", {
      listenerArn: "arn:listener",
      originHeader: { name: "X-Origin-Verify", value: "secret" },
      actionsManagedByCodeDeploy: true,
      routes: [{ service: "api", pathPatterns: ["/api/*"], targetGroupArn: "arn:blue", idleTargetGroupArn: "arn:green", priority: 100 }],
    });
  });

  it("attaches the idle group with weight 0 and leaves the action to CodeDeploy", () => {
    const [, rule] = resourcesOf(json, "aws_lb_listener_rule").find(([, r]) => r.priority === 100)!;
    expect(rule.action).toEqual([{ type: "forward", forward: { target_group: [{ arn: "arn:blue", weight: 100 }, { arn: "arn:green", weight: 0 }] } }]);
    expect(rule.lifecycle).toEqual({ ignore_changes: ["action"] });
    expect(json.resource).toMatchSnapshot();
  });
});

describe("PublicLoadBalancer", () => {
  const props = { name: "payment-alb-dev", subnetIds: ["s1"], securityGroupId: "sg", accessLogBucket: "logs", deletionProtection: false, certificateArn: "arn:cert" };
  const ports = (httpRedirect: boolean) =>
    resourcesOf(synth((scope) => void new PublicLoadBalancer(scope, "lb", { ...props, httpRedirect })), "aws_lb_listener").map(([, l]) => l.port);

  it("adds the port-80 redirect only when clients other than CloudFront can connect", () => {
    expect(ports(true).sort()).toEqual([443, 80].sort());
    expect(ports(false)).toEqual([443]);
  });
});

describe("VpcFlowLogs", () => {
  const json = synth((scope) => {
    new VpcFlowLogs(scope, "fl", {
      account: new AwsAccount(scope, "account"),
      region: "eu-west-1",
      vpcId: "vpc-1",
      logGroupName: "/aws/vpc/payment-flow-logs-dev",
      roleName: "payment-flow-logs-dev",
      policyName: "payment-flow-logs-dev",
      keyAlias: "alias/payment-flow-logs-dev",
      retentionInDays: 30,
    });
  });

  it("delivers through a role with a customer-managed policy attached before the flow log exists", () => {
    const attachment = only(json, "aws_iam_role_policy_attachment");
    expect(only(json, "aws_flow_log").body.depends_on).toEqual([`aws_iam_role_policy_attachment.${attachment.key}`]);
    expect(only(json, "aws_iam_policy").body.name).toBe("payment-flow-logs-dev");
    expect(JSON.parse(only(json, "aws_iam_policy").body.policy)).toMatchSnapshot();
  });
});

describe("executionStatements", () => {
  const base = { region: "eu-west-1", repositoryArns: ["arn:repo"], logGroupArns: ["arn:logs"], secretsKeyArn: "arn:key/secrets", ecrKeyArn: "arn:key/ecr" };

  it("grants secret reads and their key only when the service is injected with a secret", () => {
    const sids = (secretArns: string[]) => executionStatements({ ...base, secretArns }).map((s) => s.Sid);
    expect(sids(["arn:secret"])).toEqual(["EcrToken", "EcrPull", "Logs", "Secrets", "DecryptSecrets", "DecryptImages"]);
    expect(sids([])).toEqual(["EcrToken", "EcrPull", "Logs", "DecryptImages"]);
  });
});

describe("FargateService", () => {
  const config = configFor("dev");
  const service = { ...config.compute.services[0] };
  const build = (controller: "ECS" | "CODE_DEPLOY") =>
    synth((scope) => {
      const cluster = new FargateCluster(scope, "cluster", { name: "payment-cluster-dev", fargateSpot: false });
      new FargateService(scope, "svc", {
        service,
        name: "payment-api-gateway-dev",
        logGroupName: "/ecs/payment-api-gateway-dev",
        taskRoleName: "payment-api-gateway-task-dev",
        taskPolicyName: "payment-api-gateway-task-dev",
        executionRoleName: "payment-ecs-execution-api-gateway-dev",
        executionPolicyName: "payment-ecs-execution-api-gateway-dev",
        executionStatements: [{ Sid: "Logs", Effect: "Allow", Action: "logs:PutLogEvents", Resource: "arn:logs:*" }],
        taskStatements: [{ Sid: "Metrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" }],
        accountId: "123456789012",
        region: "eu-west-1",
        image: "repo:1.0.0",
        data: fakeData(config),
        clusterArn: cluster.cluster.arn,
        capacityStrategy: cluster.strategy,
        capacityProviders: cluster.capacityProviders,
        namespaceId: "ns-1",
        subnetIds: ["subnet-1"],
        securityGroupId: "sg-app",
        logsKeyArn: "arn:key/logs",
        logRetentionDays: 30,
        xrayTracing: false,
        executeCommand: false,
        forceDestroyDiscovery: true,
        controller,
        steadyStateTimeoutMinutes: 12,
      });
    });
  const rolling = build("ECS");
  const blueGreen = build("CODE_DEPLOY");
  const role = (json: TfJson, name: string) => resourcesOf(json, "aws_iam_role").find(([, r]) => r.name === name)!;

  it("runs with its own execution role and task role, each with one customer-managed policy attached before the service", () => {
    const [, task] = resourcesOf(rolling, "aws_ecs_task_definition")[0];
    expect(task.execution_role_arn).toBe(`\${aws_iam_role.${role(rolling, "payment-ecs-execution-api-gateway-dev")[0]}.arn}`);
    expect(task.task_role_arn).toBe(`\${aws_iam_role.${role(rolling, "payment-api-gateway-task-dev")[0]}.arn}`);
    expect(resourcesOf(rolling, "aws_iam_policy").map(([, p]) => p.name).sort()).toEqual(["payment-api-gateway-task-dev", "payment-ecs-execution-api-gateway-dev"]);
    const [, ecs] = resourcesOf(rolling, "aws_ecs_service")[0];
    const attachments = resourcesOf(rolling, "aws_iam_role_policy_attachment").map(([key]) => `aws_iam_role_policy_attachment.${key}`);
    expect(ecs.depends_on).toEqual(expect.arrayContaining(attachments));
  });

  it("waits for steady state with the configured timeout when rolling, not under CodeDeploy", () => {
    expect(resourcesOf(rolling, "aws_ecs_service")[0][1]).toMatchObject({ wait_for_steady_state: true, timeouts: { create: "12m", update: "12m" } });
    const [, bg] = resourcesOf(blueGreen, "aws_ecs_service")[0];
    expect(bg.wait_for_steady_state).toBe(false);
    expect(bg.timeouts).toBeUndefined();
    expect(resourcesOf(rolling, "aws_ecs_service")[0][1]).toMatchSnapshot();
  });
});
