import { PROFILE_NAMES } from "../../config/types";
import { albServesTls } from "../../config/derived";
import { Names } from "../../config/names";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { find, ref, synthCompute } from "./fixture";

describe.each(PROFILE_NAMES)("%s deployments", (profile) => {
  const config = configFor(profile);
  const names = Names.for(config);
  const json = synthCompute(config);
  const serviceOf = (name: string) => find(json, "aws_ecs_service", (s) => s.name === names.of(name));

  const blueGreen = config.compute.services.filter((s) => config.compute.blueGreen && s.albPathPatterns);
  const rolling = config.compute.services.filter((s) => !blueGreen.includes(s));

  it(`is ${config.compute.blueGreen ? "blue/green for ALB-fronted services" : "rolling everywhere"}`, () => {
    expect(blueGreen.length > 0).toBe(config.compute.blueGreen);
    expect(resourcesOf(json, "aws_codedeploy_deployment_group")).toHaveLength(blueGreen.length);
    expect(resourcesOf(json, "aws_codedeploy_app")).toHaveLength(blueGreen.length);
  });

  for (const service of rolling) {
    it(`rolls ${service.name} out with the circuit breaker and rollback`, () => {
      const ecs = serviceOf(service.name).body;
      expect(ecs.deployment_controller).toEqual({ type: "ECS" });
      expect(ecs.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      expect(ecs.lifecycle.ignore_changes).toEqual(["desired_count"]);
    });

    it(`fails the apply when ${service.name} cannot reach steady state within the configured time`, () => {
      const ecs = serviceOf(service.name).body;
      const timeout = `${config.compute.steadyStateTimeoutMinutes}m`;
      expect(ecs.wait_for_steady_state).toBe(true);
      expect(ecs.timeouts).toEqual({ create: timeout, update: timeout });
    });
  }

  if (!config.compute.blueGreen) {
    it("keeps listener rules fully managed by Terraform, each forwarding to one group", () => {
      for (const [, rule] of resourcesOf(json, "aws_lb_listener_rule")) {
        expect(rule.lifecycle).toBeUndefined();
        expect(rule.action[0].forward).toBeUndefined();
      }
    });
  }

  for (const service of blueGreen) {
    describe(`${service.name} blue/green`, () => {
      const ecs = serviceOf(service.name);
      const group = find(json, "aws_codedeploy_deployment_group", (g) => g.deployment_group_name === names.of(service.name)).body;
      const blue = find(json, "aws_lb_target_group", (g) => g.name === names.targetGroup(service.name));
      const green = find(json, "aws_lb_target_group", (g) => g.name === names.targetGroup(service.name, true));
      const origin = find(json, "aws_lb_listener", (l) => l.port === (albServesTls(config) ? 443 : 80));
      const rule = find(json, "aws_lb_listener_rule", (r) => r.priority !== 1 && JSON.stringify(r.action).includes(ref("aws_lb_target_group", blue.key, "arn")));

      it("hands deployments to CodeDeploy and ignores what CodeDeploy changes", () => {
        expect(ecs.body.deployment_controller).toEqual({ type: "CODE_DEPLOY" });
        expect(ecs.body.deployment_circuit_breaker).toBeUndefined();
        expect(ecs.body.lifecycle.ignore_changes).toEqual(
          expect.arrayContaining(["desired_count", "task_definition", "load_balancer", "capacity_provider_strategy"]),
        );
        expect(ecs.body.load_balancer[0].target_group_arn).toBe(ref("aws_lb_target_group", blue.key, "arn"));
      });

      it("does not wait for steady state, which the provider measures by deployments CodeDeploy services lack", () => {
        expect(ecs.body.wait_for_steady_state).toBe(false);
        expect(ecs.body.timeouts).toBeUndefined();
      });

      it("shifts between two target groups on the production listener, with no test listener", () => {
        expect(group.deployment_style).toEqual({ deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" });
        expect(group.ecs_service).toEqual({
          cluster_name: expect.stringContaining("aws_ecs_cluster."),
          service_name: ref("aws_ecs_service", ecs.key, "name"),
        });
        const pair = group.load_balancer_info.target_group_pair_info;
        expect(pair.target_group).toEqual([
          { name: ref("aws_lb_target_group", blue.key, "name") },
          { name: ref("aws_lb_target_group", green.key, "name") },
        ]);
        expect(pair.prod_traffic_route.listener_arns).toEqual([ref("aws_lb_listener", origin.key, "arn")]);
        expect(pair.test_traffic_route).toBeUndefined();
        expect(resourcesOf(json, "aws_lb_listener").map(([, l]) => l.port)).toEqual([albServesTls(config) ? 443 : 80]);
      });

      it("attaches both groups with one weighted rule (100/0) and leaves its action to CodeDeploy", () => {
        expect(rule.body.listener_arn).toBe(ref("aws_lb_listener", origin.key, "arn"));
        expect(rule.body.action).toEqual([
          {
            type: "forward",
            forward: {
              target_group: [
                { arn: ref("aws_lb_target_group", blue.key, "arn"), weight: 100 },
                { arn: ref("aws_lb_target_group", green.key, "arn"), weight: 0 },
              ],
            },
          },
        ]);
        expect(rule.body.lifecycle).toEqual({ ignore_changes: ["action"] });
      });

      it("is created only after the rule attaching both groups and the role's policy exist", () => {
        const attachment = find(json, "aws_iam_role_policy_attachment", (a) => a.role.includes("codedeploy-role"));
        expect(group.depends_on).toEqual(
          expect.arrayContaining([`aws_lb_listener_rule.${rule.key}`, `aws_iam_role_policy_attachment.${attachment.key}`]),
        );
      });

      it("rolls back on failure and on its alarms, and keeps the old tasks 5 minutes", () => {
        expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] });
        expect(group.blue_green_deployment_config).toEqual({
          deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
          terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 5 },
        });
        const alarmNames = group.alarm_configuration.alarms as string[];
        expect(group.alarm_configuration.enabled).toBe(true);
        const alarmKeys = (metric: string) =>
          resourcesOf(json, "aws_cloudwatch_metric_alarm")
            .filter(([, a]) => a.metric_name === metric || JSON.stringify(a.metric_query ?? []).includes(`"${metric}"`))
            .map(([key]) => ref("aws_cloudwatch_metric_alarm", key, "alarm_name"));
        expect(alarmNames).toEqual(expect.arrayContaining(alarmKeys("HTTPCode_Target_5XX_Count")));
        expect(alarmNames).toEqual(expect.arrayContaining(alarmKeys("TargetResponseTime")));
        expect(alarmNames.filter((a) => alarmKeys("UnHealthyHostCount").includes(a))).toHaveLength(2);
      });
    });
  }

  it(config.compute.blueGreen ? "gives CodeDeploy a role with a scoped customer-managed policy" : "creates no CodeDeploy role", () => {
    const role = resourcesOf(json, "aws_iam_role").filter(([, r]) => r.name === names.codeDeployRole());
    expect(role).toHaveLength(config.compute.blueGreen ? 1 : 0);
    if (!config.compute.blueGreen) return;
    expect(onlyResource(json, "aws_codedeploy_app").compute_platform).toBe("ECS");
    const policy = find(json, "aws_iam_policy", (p) => p.name === names.codeDeployPolicy());
    const attachment = find(json, "aws_iam_role_policy_attachment", (a) => a.policy_arn === ref("aws_iam_policy", policy.key, "arn"));
    expect(attachment.body.role).toBe(ref("aws_iam_role", role[0][0], "name"));
    const bySid = Object.fromEntries((JSON.parse(policy.body.policy).Statement as Record<string, any>[]).map((s) => [s.Sid, s]));
    const cluster = names.of("cluster");
    expect(bySid.Services.Resource).toEqual(blueGreen.map((s) => expect.stringMatching(new RegExp(`:ecs:${config.region}:.*:service/${cluster}/${names.of(s.name)}$`))));
    expect(bySid.TaskSets.Resource).toEqual([
      ...bySid.Services.Resource,
      ...blueGreen.map((s) => expect.stringMatching(new RegExp(`:task-set/${cluster}/${names.of(s.name)}/\\*$`))),
    ]);
    expect(bySid.ShiftTraffic.Resource).toEqual([
      expect.stringMatching(new RegExp(`:listener/app/${names.alb()}/\\*$`)),
      expect.stringMatching(new RegExp(`:listener-rule/app/${names.alb()}/\\*$`)),
    ]);
    expect(bySid.Alarms.Resource).toMatch(new RegExp(`:alarm:payment-\\*-${config.suffix}$`));
    const roles = blueGreen.flatMap((s) => [names.taskRole(s.name), names.executionRole(s.name)]);
    expect(bySid.PassTaskRoles).toMatchObject({
      Resource: roles.map((name) => ref("aws_iam_role", find(json, "aws_iam_role", (r) => r.name === name).key, "arn")),
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
    const actions = Object.values(bySid).flatMap((s: any) => [s.Action].flat());
    expect(actions).not.toEqual(expect.arrayContaining(["lambda:InvokeFunction", "s3:GetObject", "sns:Publish"]));
    expect(resourcesOf(json, "aws_iam_role_policy_attachment").filter(([, a]) => a.policy_arn.includes(":iam::aws:policy/"))).toEqual([]);
  });
});
