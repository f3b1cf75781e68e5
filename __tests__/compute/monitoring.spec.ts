import { PROFILE_NAMES } from "../../config/types";
import { Names } from "../../config/names";
import { TRANSACTION_METRICS_NAMESPACE } from "../../constructs/compute/iam-policies";
import { configFor, onlyResource, resourcesOf, type TfJson } from "../support/synth";
import { fakeData, find, ref, synthCompute } from "./fixture";

/** Alarms whose metric (direct or inside metric math) is `metric`. */
function alarmsOn(json: TfJson, metric: string): Record<string, any>[] {
  return resourcesOf(json, "aws_cloudwatch_metric_alarm")
    .map(([, a]) => a)
    .filter((a) => a.metric_name === metric || (a.metric_query ?? []).some((q: any) => q.metric?.metric_name === metric));
}

describe.each(PROFILE_NAMES)("%s autoscaling", (profile) => {
  const config = configFor(profile);
  const names = Names.for(config);
  const json = synthCompute(config);
  const a = config.compute.autoscaling;

  for (const service of config.compute.services) {
    it(`scales ${service.name} between ${service.minCapacity} and ${service.maxCapacity} on CPU, memory${service.albPathPatterns ? " and requests" : ""}`, () => {
      const ecs = find(json, "aws_ecs_service", (s) => s.name === names.of(service.name));
      const target = find(json, "aws_appautoscaling_target", (t) => t.resource_id.includes(ref("aws_ecs_service", ecs.key, "name")));
      expect(target.body).toMatchObject({
        service_namespace: "ecs",
        scalable_dimension: "ecs:service:DesiredCount",
        min_capacity: service.minCapacity,
        max_capacity: service.maxCapacity,
      });
      expect(target.body.resource_id).toMatch(/^service\/\$\{aws_ecs_cluster\.[^}]+\.name\}\/\$\{aws_ecs_service\.[^}]+\.name\}$/);
      const policies = resourcesOf(json, "aws_appautoscaling_policy")
        .map(([, p]) => p)
        .filter((p) => p.resource_id === ref("aws_appautoscaling_target", target.key, "resource_id"));
      const metricOf = (p: Record<string, any>) =>
        p.target_tracking_scaling_policy_configuration.predefined_metric_specification?.predefined_metric_type ?? "requests-over-all-target-groups";
      const byMetric = Object.fromEntries(policies.map((p) => [metricOf(p), p.target_tracking_scaling_policy_configuration]));
      const groups = config.compute.blueGreen ? [names.targetGroup(service.name), names.targetGroup(service.name, true)] : [names.targetGroup(service.name)];
      const requestMetric = groups.length === 2 ? "requests-over-all-target-groups" : "ALBRequestCountPerTarget";
      const expected: Record<string, number> = {
        ECSServiceAverageCPUUtilization: a.cpuTargetPercent,
        ECSServiceAverageMemoryUtilization: a.memoryTargetPercent,
        ...(service.albPathPatterns ? { [requestMetric]: a.requestsPerTarget } : {}),
      };
      expect(Object.keys(byMetric).sort()).toEqual(Object.keys(expected).sort());
      for (const [metric, value] of Object.entries(expected)) {
        expect(byMetric[metric]).toMatchObject({ target_value: value, scale_out_cooldown: a.scaleOutCooldownSeconds, scale_in_cooldown: a.scaleInCooldownSeconds });
      }
      if (!service.albPathPatterns) return;
      const keys = groups.map((name) => find(json, "aws_lb_target_group", (g) => g.name === name).key);
      if (requestMetric === "ALBRequestCountPerTarget") {
        expect(byMetric.ALBRequestCountPerTarget.predefined_metric_specification.resource_label).toMatch(
          new RegExp(`^\\$\\{aws_lb\\.[^}]+\\.arn_suffix\\}/\\$\\{aws_lb_target_group\\.${keys[0]}\\.arn_suffix\\}$`),
        );
        return;
      }
      // Blue/green: never the predefined metric, which follows one group CodeDeploy empties every other deployment.
      const queries = byMetric[requestMetric].customized_metric_specification.metrics as Record<string, any>[];
      const stats = queries.filter((q) => q.metric_stat);
      expect(stats.map((q) => q.metric_stat.metric.dimensions.find((d: any) => d.name === "TargetGroup").value)).toEqual(
        keys.map((key) => ref("aws_lb_target_group", key, "arn_suffix")),
      );
      for (const q of stats) {
        expect(q.metric_stat).toMatchObject({ stat: "Sum", metric: { namespace: "AWS/ApplicationELB", metric_name: "RequestCountPerTarget" } });
        expect(q.return_data).toBe(false);
      }
      const [expression] = queries.filter((q) => q.expression);
      expect(expression).toMatchObject({ return_data: true, expression: stats.map((q) => `FILL(${q.id}, 0)`).join(" + ") });
    });
  }
});

describe.each(PROFILE_NAMES)("%s alarms", (profile) => {
  const config = configFor(profile);
  const names = Names.for(config);
  const data = fakeData(config);
  const json = synthCompute(config);
  const t = config.alarms;
  const topic = find(json, "aws_sns_topic", () => true);
  const topicArn = ref("aws_sns_topic", topic.key, "arn");

  it("notifies an SNS topic encrypted with the secrets key", () => {
    expect(topic.body).toEqual({ name: names.of("alarms"), kms_master_key_id: data.secretsKeyArn });
    const policy = JSON.parse(onlyResource(json, "aws_sns_topic_policy").policy);
    expect(policy.Statement[0]).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn });
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toHaveLength(t.notificationEmails?.length ?? 0);
    for (const [, alarm] of resourcesOf(json, "aws_cloudwatch_metric_alarm")) {
      expect(alarm.alarm_actions).toEqual([topicArn]);
      expect(alarm.ok_actions).toEqual([topicArn]);
      expect(["notBreaching", "missing"]).toContain(alarm.treat_missing_data);
      expect(alarm.alarm_name).toMatch(new RegExp(`^payment-.+-${config.suffix}$`));
    }
  });

  it("watches the ALB: its 5XX count, the targets' 5XX rate, p99 latency and unhealthy hosts per target group", () => {
    expect(alarmsOn(json, "HTTPCode_ELB_5XX_Count")).toEqual([
      expect.objectContaining({ statistic: "Sum", period: 300, comparison_operator: "GreaterThanOrEqualToThreshold", threshold: t.alb5xxCount }),
    ]);
    const [rate] = alarmsOn(json, "HTTPCode_Target_5XX_Count");
    expect(alarmsOn(json, "RequestCount")).toEqual([rate]);
    expect(rate.metric_query.find((q: any) => q.expression)).toMatchObject({ expression: "100 * FILL(errors, 0) / requests", return_data: true });
    expect(rate).toMatchObject({ comparison_operator: "GreaterThanOrEqualToThreshold", threshold: t.target5xxRatePercent });
    expect(alarmsOn(json, "TargetResponseTime")).toEqual([
      expect.objectContaining({ extended_statistic: "p99", comparison_operator: "GreaterThanThreshold", threshold: t.p99LatencySeconds }),
    ]);
    const groups = resourcesOf(json, "aws_lb_target_group");
    const unhealthy = alarmsOn(json, "UnHealthyHostCount");
    expect(unhealthy).toHaveLength(groups.length);
    for (const [key] of groups) {
      expect(unhealthy.filter((u) => u.dimensions.TargetGroup === ref("aws_lb_target_group", key, "arn_suffix"))).toEqual([
        expect.objectContaining({ comparison_operator: "GreaterThanThreshold", threshold: 0 }),
      ]);
    }
  });

  it("alarms when any service runs fewer tasks than desired", () => {
    const running = alarmsOn(json, "RunningTaskCount");
    expect(running).toHaveLength(config.compute.services.length);
    for (const service of config.compute.services) {
      const alarm = running.find((r) => r.alarm_name === names.of(`${service.name}-running-tasks`))!;
      const ecs = find(json, "aws_ecs_service", (s) => s.name === names.of(service.name));
      const metrics = alarm.metric_query.filter((q: any) => q.metric).map((q: any) => q.metric);
      expect(metrics.map((m: any) => m.metric_name).sort()).toEqual(["DesiredTaskCount", "RunningTaskCount"]);
      for (const m of metrics) {
        expect(m.namespace).toBe("ECS/ContainerInsights");
        expect(m.dimensions.ServiceName).toBe(ref("aws_ecs_service", ecs.key, "name"));
      }
      expect(alarm).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 0 });
    }
  });

  it("watches Aurora and the queues with the profile's thresholds", () => {
    const db = { DBClusterIdentifier: data.databaseClusterIdentifier };
    expect(alarmsOn(json, "DatabaseConnections")).toEqual([expect.objectContaining({ dimensions: db, threshold: t.dbConnectionsMax })]);
    expect(alarmsOn(json, "CPUUtilization")).toEqual([expect.objectContaining({ dimensions: db, threshold: t.dbCpuPercent })]);
    expect(alarmsOn(json, "ACUUtilization")).toEqual([expect.objectContaining({ dimensions: db, threshold: t.dbAcuUtilizationPercent })]);
    expect(alarmsOn(json, "ApproximateNumberOfMessagesVisible")).toEqual([
      expect.objectContaining({ dimensions: { QueueName: data.deadLetterQueueName }, comparison_operator: "GreaterThanThreshold", threshold: 0 }),
    ]);
    expect(alarmsOn(json, "ApproximateAgeOfOldestMessage")).toEqual([
      expect.objectContaining({ dimensions: { QueueName: data.queueName }, threshold: t.queueOldestMessageSeconds }),
    ]);
  });

  it("shows latency, errors, tasks, DB connections and transaction latency on one dashboard", () => {
    const dashboard = onlyResource(json, "aws_cloudwatch_dashboard");
    expect(dashboard.dashboard_name).toBe(names.of("overview"));
    const widgets = JSON.parse(dashboard.dashboard_body).widgets as { properties: { metrics: unknown[][]; region: string } }[];
    const lines = widgets.flatMap((w) => w.properties.metrics);
    const has = (namespace: string, metric: string, stat?: string) =>
      lines.some((l) => l[0] === namespace && l[1] === metric && (!stat || JSON.stringify(l).includes(`"stat":"${stat}"`)));
    for (const stat of ["p50", "p90", "p99"]) expect(has("AWS/ApplicationELB", "TargetResponseTime", stat)).toBe(true);
    for (const metric of ["RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"]) expect(has("AWS/ApplicationELB", metric)).toBe(true);
    expect(lines.filter((l) => l[1] === "RunningTaskCount")).toHaveLength(config.compute.services.length);
    expect(has("AWS/RDS", "DatabaseConnections")).toBe(true);
    for (const stat of ["p50", "p99"]) expect(has(TRANSACTION_METRICS_NAMESPACE, "TransactionLatency", stat)).toBe(true);
    for (const w of widgets) expect(w.properties.region).toBe(config.region);
  });
});

describe("alarm e-mail", () => {
  it("subscribes the configured address", () => {
    const json = synthCompute(configFor("dev", {}, (p) => ({ ...p, alarms: { ...p.alarms, notificationEmails: ["oncall@example.com"] } })));
    expect(onlyResource(json, "aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "oncall@example.com" });
  });
});
