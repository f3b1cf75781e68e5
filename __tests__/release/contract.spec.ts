import { loadConfig } from "../../config/load";
import { Names } from "../../config/names";
import { capacityStrategy } from "../../constructs/compute/cluster";
import { isBlueGreen } from "../../lib/release/release";
import { configFor, synthPlatform } from "../support/synth";

/** What the release assumes about the synthesized compute stack, checked against it. */
describe("release and the compute stack agree", () => {
  const config = configFor("staging");
  const compute = synthPlatform(config).compute;
  const names = Names.for(config);

  it("finds a CodeDeploy application and deployment group named like the service for each blue/green service, and none for the others", () => {
    const groups = Object.values(compute.resource?.aws_codedeploy_deployment_group ?? {});
    const apps = Object.values(compute.resource?.aws_codedeploy_app ?? {}).map((a) => a.name);
    const expected = config.compute.services.filter((s) => isBlueGreen(config, s)).map((s) => names.of(s.name));
    expect(groups.map((g) => g.deployment_group_name).sort()).toEqual([...expected].sort());
    expect(apps.sort()).toEqual([...expected].sort());
  });

  it("finds the cluster, task families, container names and ports, and capacity strategy it deploys with", () => {
    expect(Object.values(compute.resource?.aws_ecs_cluster ?? {}).map((c) => c.name)).toEqual([names.of("cluster")]);
    const tasks = Object.values(compute.resource?.aws_ecs_task_definition ?? {});
    const services = Object.values(compute.resource?.aws_ecs_service ?? {});
    for (const s of config.compute.services) {
      const task = tasks.find((t) => t.family === names.of(s.name))!;
      expect(JSON.parse(task.container_definitions)).toEqual(expect.arrayContaining([expect.objectContaining({ name: s.name })]));
      const service = services.find((x) => x.name === names.of(s.name))!;
      expect(service.capacity_provider_strategy).toEqual(capacityStrategy(config.compute.fargateSpot).map((c) => expect.objectContaining({ capacity_provider: c.capacityProvider, weight: c.weight })));
      if (isBlueGreen(config, s)) expect(service.load_balancer).toEqual([expect.objectContaining({ container_name: s.name, container_port: s.containerPort })]);
    }
  });
});

describe("IMAGE_TAGS", () => {
  const services = loadConfig({ env: {} }).compute.services.map((s) => s.name);
  it("sets each named service's tag and wins over IMAGE_TAG", () => {
    const config = loadConfig({ env: { IMAGE_TAG: "1.1.0", IMAGE_TAGS: JSON.stringify({ [services[0]]: "2.0.0" }) } });
    expect(config.compute.services.map((s) => s.imageTag)).toEqual(services.map((_, i) => (i === 0 ? "2.0.0" : "1.1.0")));
    expect(loadConfig({ env: { IMAGE_TAGS: " " } }).compute.services).toEqual(loadConfig({ env: {} }).compute.services);
  });

  it.each([
    ["not JSON", "{", /IMAGE_TAGS = "\{": must be a JSON object of service name to image tag/],
    ["a list", "[]", /IMAGE_TAGS = "\[\]": must be a JSON object/],
    ["an unknown service", '{"billing":"1.0.0"}', /IMAGE_TAGS.billing = "1.0.0": names no configured service; services: /],
    ["a number", `{"${"api-gateway"}":1}`, /IMAGE_TAGS.api-gateway = 1: must be a string/],
    ["latest", '{"api-gateway":"latest"}', /imageTag = "latest"/],
  ])("refuses %s in one line", (_, value, message) => {
    expect(() => loadConfig({ env: { IMAGE_TAGS: value } })).toThrow(message);
  });
});
