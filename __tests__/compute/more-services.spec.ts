import { Names } from "../../config/names";
import { orderPathPatterns, patternSpecificity } from "../../config/routing";
import type { EnvironmentConfig, ServiceConfig } from "../../config/types";
import { rulePriority } from "../../constructs/compute/ingress";
import { configFor, resourcesOf } from "../support/synth";
import { find, ref, synthCompute, synthNetworkAndCompute } from "./fixture";

/** A fourth, ALB-routed service and a fifth, internal one, added as configuration only. */
const REPORTS: ServiceConfig = {
  name: "reports",
  cpu: 512,
  memory: 1024,
  containerPort: 8081,
  imageTag: "1.4.0",
  desiredCount: 1,
  minCapacity: 1,
  maxCapacity: 3,
  healthCheckPath: "/reports/health",
  healthCheckCommand: ["CMD", "/app/healthcheck"],
  albPathPatterns: ["/reports/*", "/exports/*"],
  queueAccess: "none",
  usesApiKeys: false,
};
const SETTLEMENT: ServiceConfig = {
  name: "settlement",
  cpu: 256,
  memory: 512,
  containerPort: 9090,
  imageTag: "0.9.2",
  desiredCount: 1,
  minCapacity: 1,
  maxCapacity: 2,
  healthCheckPath: "/healthz",
  healthCheckCommand: "none",
  queueAccess: "consume",
  usesApiKeys: false,
};

const withTwoMore = (profile: "dev" | "staging"): EnvironmentConfig =>
  configFor(profile, {}, (p) => ({ ...p, compute: { ...p.compute, services: [...p.compute.services, REPORTS, SETTLEMENT] } }));

describe.each(["dev", "staging"] as const)("two more services in %s, by configuration only", (profile) => {
  const config = withTwoMore(profile);
  const names = Names.for(config);
  const { network, compute } = synthNetworkAndCompute(config);
  const fronted = config.compute.services.filter((s) => s.albPathPatterns);
  const rules = resourcesOf(compute, "aws_lb_listener_rule").filter(([, r]) => r.priority !== 1);

  it("routes the fourth service's paths to its own target group(s), ordered most specific first", () => {
    expect(rules).toHaveLength(fronted.length);
    const groups = [names.targetGroup(REPORTS.name), ...(config.compute.blueGreen ? [names.targetGroup(REPORTS.name, true)] : [])];
    const keys = groups.map((name) => find(compute, "aws_lb_target_group", (g) => g.name === name).key);
    for (const key of keys) expect(find(compute, "aws_lb_target_group", (g) => g.name === groups[keys.indexOf(key)]).body.port).toBe(REPORTS.containerPort);
    const [, rule] = rules.find(([, r]) => JSON.stringify(r.action).includes(ref("aws_lb_target_group", keys[0], "arn")))!;
    expect(rule.condition[0].path_pattern.values).toEqual(orderPathPatterns(REPORTS.albPathPatterns!));
    // Priorities follow each service's most specific pattern.
    expect(rules.map(([, r]) => r.priority).sort((a, b) => a - b)).toEqual(
      fronted.map((s) => rulePriority(s.albPathPatterns!, config.compute.services.indexOf(s))).sort((a, b) => a - b),
    );
    const byPriority = [...rules].sort(([, a], [, b]) => a.priority - b.priority);
    const specificity = byPriority.map(([, r]) => patternSpecificity(r.condition[0].path_pattern.values[0] as string));
    expect(specificity).toEqual([...specificity].sort((a, b) => b - a));
  });

  it("leaves the existing services' rule priorities where they were (no renumbering in one apply)", () => {
    const before = resourcesOf(synthCompute(configFor(profile)), "aws_lb_listener_rule").map(([key, r]) => [key, r.priority]);
    const after = Object.fromEntries(rules.map(([key, r]) => [key, r.priority]));
    for (const [key, priority] of before) if (key in after) expect(after[key as string]).toBe(priority);
  });

  it("gives the internal fifth service no target group or rule, but a Cloud Map name", () => {
    expect(resourcesOf(compute, "aws_lb_target_group").filter(([, g]) => String(g.name).includes(SETTLEMENT.name))).toEqual([]);
    const ecs = find(compute, "aws_ecs_service", (s) => s.name === names.of(SETTLEMENT.name));
    const discovery = find(compute, "aws_service_discovery_service", (d) => d.name === SETTLEMENT.name);
    expect(ecs.body.service_registries.registry_arn).toBe(ref("aws_service_discovery_service", discovery.key, "arn"));
    expect(ecs.body.load_balancer).toBeUndefined();
  });

  it("opens the ALB to the fourth service's port and the services to each other's ports", () => {
    const ingress = resourcesOf(network, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    const fromAlb = ingress.filter((r) => String(r.security_group_id).includes("security-groups_app") && String(r.referenced_security_group_id).includes("security-groups_alb"));
    expect(fromAlb.map((r) => r.from_port)).toContain(REPORTS.containerPort);
    expect(fromAlb.map((r) => r.from_port)).not.toContain(SETTLEMENT.containerPort);
    const fromApp = ingress.filter((r) => String(r.security_group_id).includes("security-groups_app") && String(r.referenced_security_group_id).includes("security-groups_app"));
    expect(fromApp.map((r) => r.from_port)).toEqual(expect.arrayContaining([REPORTS.containerPort, SETTLEMENT.containerPort]));
  });

  it("uses each service's own container health check, or none", () => {
    const definitionOf = (service: string) =>
      JSON.parse(find(compute, "aws_ecs_task_definition", (t) => t.family === names.of(service)).body.container_definitions)[0];
    expect(definitionOf(REPORTS.name).healthCheck.command).toEqual(["CMD", "/app/healthcheck"]);
    expect(definitionOf(SETTLEMENT.name).healthCheck).toBeUndefined();
    expect(definitionOf("api-gateway").healthCheck.command[1]).toMatch(/^curl -f http:\/\/localhost:8080\/health/);
  });

  it("gives each new service its own task and execution role", () => {
    for (const service of [REPORTS, SETTLEMENT]) {
      const task = find(compute, "aws_ecs_task_definition", (t) => t.family === names.of(service.name)).body;
      expect(task.task_role_arn).toBe(ref("aws_iam_role", find(compute, "aws_iam_role", (r) => r.name === names.taskRole(service.name)).key, "arn"));
      expect(task.execution_role_arn).toBe(ref("aws_iam_role", find(compute, "aws_iam_role", (r) => r.name === names.executionRole(service.name)).key, "arn"));
    }
  });

  if (config.compute.blueGreen) {
    it("deploys the fourth service blue/green like the first", () => {
      find(compute, "aws_codedeploy_deployment_group", (g) => g.deployment_group_name === names.of(REPORTS.name));
    });
  }
});
