import { PROFILE_NAMES, type EnvironmentConfig, type ServiceConfig } from "../../config/types";
import { composePlatform } from "../../main";
import { configFor, synthPlatform, synthStacks, testApp, type Platform } from "../support/synth";

/**
 * Adding a service is one entry in `compute.services` (config/profiles/services.ts). This adds
 * an ALB-routed one to each profile's configuration and asserts everything it brings, whatever
 * stack owns it: exactly its own set of resources, nothing removed or replaced, and changes to
 * shared resources only where they list the services.
 */
const REFUNDS: ServiceConfig = {
  name: "refunds",
  cpu: 512,
  memory: 1024,
  containerPort: 8080,
  imageTag: "4.2.0",
  desiredCount: 2,
  minCapacity: 2,
  maxCapacity: 6,
  healthCheckPath: "/health",
  albPathPatterns: ["/refunds/*"],
  queueAccess: "send",
  usesApiKeys: true,
};

/** What one ALB-routed service costs, by resource type, in a configuration. */
function resourcesPerAlbService(config: EnvironmentConfig): Record<string, number> {
  const blueGreen = config.compute.blueGreen;
  const targetGroups = blueGreen ? 2 : 1;
  return {
    aws_ecs_service: 1,
    aws_ecs_task_definition: 1,
    aws_cloudwatch_log_group: 1,
    // Its task role and its execution role, each with one customer-managed policy.
    aws_iam_role: 2,
    aws_iam_policy: 2,
    aws_iam_role_policy_attachment: 2,
    aws_service_discovery_service: 1,
    aws_appautoscaling_target: 1,
    aws_appautoscaling_policy: 3, // CPU, memory, ALB requests per target
    aws_lb_target_group: targetGroups,
    aws_lb_listener_rule: 1, // one production rule; for blue/green it forwards to both target groups (no test listener)
    aws_cloudwatch_metric_alarm: 1 + targetGroups, // running tasks, unhealthy hosts per target group
    ...(blueGreen ? { aws_codedeploy_app: 1, aws_codedeploy_deployment_group: 1 } : {}),
    ...(config.compute.ecrShareFrom ? {} : { aws_ecr_repository: 1, aws_ecr_lifecycle_policy: 1, aws_ecr_repository_policy: 1 }),
  };
}

interface Address {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
}

/**
 * Resources only in `after`, only in `before`, and in both but different (with whether the
 * changed body mentions the new service or a resource it added); the outputs of `after`.
 */
function compare(before: Platform, after: Platform, service: string) {
  const added: Address[] = [];
  const removed: Address[] = [];
  const changed: (Address & { mentions: boolean })[] = [];
  for (const stack of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[stack]?.resource ?? {};
    const now = after[stack]?.resource ?? {};
    for (const type of new Set([...Object.keys(old), ...Object.keys(now)])) {
      for (const name of new Set([...Object.keys(old[type] ?? {}), ...Object.keys(now[type] ?? {})])) {
        const address = { stack, type, name };
        if (!old[type]?.[name]) added.push(address);
        else if (!now[type]?.[name]) removed.push(address);
        else if (JSON.stringify(old[type][name]) !== JSON.stringify(now[type][name])) changed.push({ ...address, mentions: false });
      }
    }
  }
  for (const change of changed) {
    const body = JSON.stringify(after[change.stack].resource![change.type][change.name]);
    change.mentions = body.includes(service) || added.some((a) => a.stack === change.stack && body.includes(`${a.type}.${a.name}.`));
  }
  const outputs = Object.fromEntries(Object.values(after).flatMap((json) => Object.entries(json.output ?? {}).map(([name, o]) => [name, o.value])));
  return { added, removed, changed, outputs, stacks: Object.keys(after) };
}

const countByType = (addresses: readonly Address[]) =>
  addresses.reduce<Record<string, number>>((counts, { type }) => ({ ...counts, [type]: (counts[type] ?? 0) + 1 }), {});

describe.each(PROFILE_NAMES)("an ALB-routed service added to %s's configuration", (profile) => {
  const config = configFor(profile, {}, (p) => ({ ...p, compute: { ...p.compute, services: [...p.compute.services, REFUNDS] } }));
  const before = synthPlatform(configFor(profile));
  // Not memoized: only what the tests read is kept, so the platform suite's worker stays small.
  const { added, removed, changed, outputs, stacks } = compare(before, synthStacks(composePlatform(testApp(), config)), REFUNDS.name);

  it("brings exactly its own set of resources", () => {
    expect(countByType(added)).toEqual(resourcesPerAlbService(config));
  });

  it("names each of them after itself", () => {
    expect(added.filter((a) => !a.name.includes(REFUNDS.name))).toEqual([]);
  });

  it("removes and replaces nothing (no existing resource changes its address)", () => {
    expect(removed).toEqual([]);
    expect(stacks).toEqual(Object.keys(before));
  });

  it("changes an existing resource only to add the new service to it", () => {
    expect(changed).not.toEqual([]);
    for (const { stack, type, name, mentions } of changed) {
      expect({ resource: `${stack}: ${type}.${name}`, mentions }).toEqual({ resource: `${stack}: ${type}.${name}`, mentions: true });
    }
  });

  it("lists it in the outputs that list the services", () => {
    expect(outputs.service_names).toHaveLength(config.compute.services.length);
    const repositories = outputs.ecr_repository_urls as Record<string, string>;
    expect(Object.keys(repositories).sort()).toEqual(config.compute.services.map((s) => s.name).sort());
  });
});
