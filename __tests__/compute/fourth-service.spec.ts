import { Names } from "../../config/names";
import { resourcesOf } from "../support/synth";
import { fakeData, find, LEDGER, policiesOfRole, ref, roleStatements, synthCompute, withLedger } from "./fixture";

describe.each(["dev", "prod"] as const)("a fourth service added in %s config only", (profile) => {
  const config = withLedger(profile);
  const names = Names.for(config);
  const json = synthCompute(config);
  const ecs = find(json, "aws_ecs_service", (s) => s.name === names.of(LEDGER.name));

  it("runs from its repository (data stack), with its log group, task definition and service", () => {
    const repo = fakeData(config).ecrRepositories[LEDGER.name];
    find(json, "aws_cloudwatch_log_group", (l) => l.name === names.serviceLogGroup(LEDGER.name));
    const task = find(json, "aws_ecs_task_definition", (t) => t.family === names.of(LEDGER.name));
    expect(task.body).toMatchObject({ cpu: "512", memory: "1024" });
    const [app] = JSON.parse(task.body.container_definitions);
    expect(app.image).toBe(`${repo.url}:${LEDGER.imageTag}`);
    expect(app.healthCheck.command[1]).toContain(`http://localhost:8080${LEDGER.healthCheckPath}`);
    expect(ecs.body.task_definition).toBe(ref("aws_ecs_task_definition", task.key, "arn"));
    expect(ecs.body.deployment_controller).toEqual({ type: "ECS" });
    expect(ecs.body.load_balancer).toBeUndefined();
  });

  it("gets its own task role with nothing beyond metrics (and tracing where on)", () => {
    expect(policiesOfRole(json, names.taskRole(LEDGER.name))).toHaveLength(1);
    const actions = roleStatements(json, names.taskRole(LEDGER.name)).flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.filter((a) => a.startsWith("sqs:") || a.startsWith("kms:") || a.startsWith("secretsmanager:"))).toEqual([]);
    expect(actions).toContain("cloudwatch:PutMetricData");
  });

  it("is reachable as ledger.payment.local", () => {
    const discovery = find(json, "aws_service_discovery_service", (d) => d.name === LEDGER.name);
    expect(ecs.body.service_registries.registry_arn).toBe(ref("aws_service_discovery_service", discovery.key, "arn"));
  });

  it("autoscales on CPU and memory and has a running-task alarm", () => {
    const target = find(json, "aws_appautoscaling_target", (t) => t.resource_id.includes(ref("aws_ecs_service", ecs.key, "name")));
    expect(target.body).toMatchObject({ min_capacity: LEDGER.minCapacity, max_capacity: LEDGER.maxCapacity });
    const policies = resourcesOf(json, "aws_appautoscaling_policy").filter(
      ([, p]) => p.resource_id === ref("aws_appautoscaling_target", target.key, "resource_id"),
    );
    expect(policies).toHaveLength(2);
    find(json, "aws_cloudwatch_metric_alarm", (a) => a.alarm_name === names.of(`${LEDGER.name}-running-tasks`));
  });

  it("gets its own execution role for its image and log group, and is added to the outputs", () => {
    const execution = roleStatements(json, names.executionRole(LEDGER.name));
    const logs = execution.find((s) => s.Sid === "Logs")!;
    expect(logs.Resource).toContainEqual(expect.stringContaining(`log-group:${names.serviceLogGroup(LEDGER.name)}:*`));
    const pull = execution.find((s) => s.Sid === "EcrPull")!;
    expect(pull.Resource).toEqual([fakeData(config).ecrRepositories[LEDGER.name].arn]);
    expect(logs.Resource).toHaveLength(1);
    expect(json.output?.service_names.value).toContain(ref("aws_ecs_service", ecs.key, "name"));
  });

  it("gets no target group or listener rule as an internal service", () => {
    expect(resourcesOf(json, "aws_lb_target_group").filter(([, g]) => String(g.name).includes(LEDGER.name))).toEqual([]);
    expect(resourcesOf(json, "aws_lb_listener_rule").filter(([key]) => key.includes(LEDGER.name))).toEqual([]);
  });
});
