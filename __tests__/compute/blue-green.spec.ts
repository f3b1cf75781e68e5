import { PROFILE_NAMES } from "../../config/types";
import { albServesTls } from "../../config/derived";
import { Names } from "../../config/names";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { find, ref, synthCompute } from "./fixture";

describe.each(PROFILE_NAMES)("%s deployments", (profile) => {
  const config = configFor(profile);
  const names = new Names(config.suffix);
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
  }

  if (!config.compute.blueGreen) {
    it("keeps listener rules fully managed by Terraform and adds no test listener", () => {
      for (const [, rule] of resourcesOf(json, "aws_lb_listener_rule")) expect(rule.lifecycle).toBeUndefined();
      expect(resourcesOf(json, "aws_lb_listener").map(([, l]) => l.port)).not.toEqual(expect.arrayContaining([8080]));
      expect(resourcesOf(json, "aws_lb_listener").map(([, l]) => l.port)).not.toEqual(expect.arrayContaining([8443]));
    });
  }

  for (const service of blueGreen) {
    describe(`${service.name} blue/green`, () => {
      const ecs = serviceOf(service.name);
      const group = find(json, "aws_codedeploy_deployment_group", (g) => g.deployment_group_name === names.of(service.name)).body;
      const blue = find(json, "aws_lb_target_group", (g) => g.name === names.targetGroup(service.name));
      const green = find(json, "aws_lb_target_group", (g) => g.name === names.targetGroup(service.name, true));
      const origin = find(json, "aws_lb_listener", (l) => l.port === (albServesTls(config) ? 443 : 80));
      const test = find(json, "aws_lb_listener", (l) => l.port === (albServesTls(config) ? 8443 : 8080));

      it("hands deployments to CodeDeploy and ignores what CodeDeploy changes", () => {
        expect(ecs.body.deployment_controller).toEqual({ type: "CODE_DEPLOY" });
        expect(ecs.body.deployment_circuit_breaker).toBeUndefined();
        expect(ecs.body.lifecycle.ignore_changes).toEqual(
          expect.arrayContaining(["desired_count", "task_definition", "load_balancer", "capacity_provider_strategy"]),
        );
        expect(ecs.body.load_balancer[0].target_group_arn).toBe(ref("aws_lb_target_group", blue.key, "arn"));
      });

      it("shifts between two target groups on the production and test listeners", () => {
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
        expect(pair.test_traffic_route.listener_arns).toEqual([ref("aws_lb_listener", test.key, "arn")]);
        expect(test.body.protocol).toBe(albServesTls(config) ? "HTTPS" : "HTTP");
      });

      it("routes test traffic with the same rules, and leaves rule actions to CodeDeploy", () => {
        const rules = resourcesOf(json, "aws_lb_listener_rule").filter(([, r]) => r.priority !== 1);
        const onTest = rules.filter(([, r]) => r.listener_arn === ref("aws_lb_listener", test.key, "arn"));
        const onOrigin = rules.filter(([, r]) => r.listener_arn === ref("aws_lb_listener", origin.key, "arn"));
        expect(onTest.map(([, r]) => r.condition)).toEqual(onOrigin.map(([, r]) => r.condition));
        expect(onTest.some(([, r]) => r.action[0].target_group_arn === ref("aws_lb_target_group", green.key, "arn"))).toBe(true);
        for (const [, rule] of rules) expect(rule.lifecycle).toEqual({ ignore_changes: ["action"] });
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

  it(config.compute.blueGreen ? "gives CodeDeploy its role with the AWS ECS policy" : "creates no CodeDeploy role", () => {
    const role = resourcesOf(json, "aws_iam_role").filter(([, r]) => r.name === names.of("codedeploy"));
    expect(role).toHaveLength(config.compute.blueGreen ? 1 : 0);
    if (config.compute.blueGreen) {
      expect(onlyResource(json, "aws_iam_role_policy_attachment").policy_arn).toMatch(/:iam::aws:policy\/AWSCodeDeployRoleForECS$/);
      const apps = resourcesOf(json, "aws_codedeploy_app").map(([, app]) => app.compute_platform);
      expect(apps).toEqual(config.compute.services.filter((s) => s.albPathPatterns).map(() => "ECS"));
    }
  });
});
