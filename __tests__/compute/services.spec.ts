import { PROFILE_NAMES } from "../../config/types";
import { Names } from "../../config/names";
import { XRAY_DAEMON_IMAGE } from "../../constructs/compute/container-definitions";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { fakeData, find, iamStatements, ref, roleStatements, synthCompute } from "./fixture";

describe.each(PROFILE_NAMES)("%s services", (profile) => {
  const config = configFor(profile);
  const names = Names.for(config);
  const data = fakeData(config);
  const json = synthCompute(config);

  it("has one task definition, service, log group, repository and Cloud Map entry per configured service", () => {
    const count = config.compute.services.length;
    for (const type of ["aws_ecs_task_definition", "aws_ecs_service", "aws_cloudwatch_log_group", "aws_service_discovery_service"]) {
      expect(resourcesOf(json, type)).toHaveLength(count);
    }
  });

  it("runs a cluster with Container Insights and the profile's capacity providers", () => {
    const cluster = onlyResource(json, "aws_ecs_cluster");
    expect(cluster.name).toBe(names.of("cluster"));
    expect(cluster.setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
    const providers = onlyResource(json, "aws_ecs_cluster_capacity_providers");
    const strategy = [
      { capacity_provider: "FARGATE", base: 1, weight: 1 },
      ...(config.compute.fargateSpot ? [{ capacity_provider: "FARGATE_SPOT", weight: 1 }] : []),
    ];
    expect(providers.capacity_providers).toEqual(config.compute.fargateSpot ? ["FARGATE", "FARGATE_SPOT"] : ["FARGATE"]);
    expect(providers.default_capacity_provider_strategy).toEqual(strategy);
    for (const [, service] of resourcesOf(json, "aws_ecs_service")) {
      expect(service.capacity_provider_strategy).toEqual(strategy);
      expect(service.launch_type).toBeUndefined();
    }
  });

  it("creates the payment.local namespace in the VPC", () => {
    const namespace = onlyResource(json, "aws_service_discovery_private_dns_namespace");
    expect(namespace.name).toBe("payment.local");
    expect(namespace.vpc).toMatch(/terraform_remote_state\.cross-stack-reference-input-network\.outputs\..*vpc/);
  });

  for (const service of config.compute.services) {
    describe(service.name, () => {
      const task = find(json, "aws_ecs_task_definition", (t) => t.family === names.of(service.name));
      const containers = JSON.parse(task.body.container_definitions) as Record<string, any>[];
      const app = containers.find((c) => c.name === service.name)!;
      const env = Object.fromEntries((app.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));
      const ecs = find(json, "aws_ecs_service", (s) => s.name === names.of(service.name));
      const repo = data.ecrRepositories[service.name];
      const logGroup = find(json, "aws_cloudwatch_log_group", (l) => l.name === names.serviceLogGroup(service.name));

      it("is a Fargate awsvpc task sized from config, on x86_64 Linux", () => {
        expect(task.body).toMatchObject({
          network_mode: "awsvpc",
          requires_compatibilities: ["FARGATE"],
          cpu: String(service.cpu),
          memory: String(service.memory),
          runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
        });
      });

      it("pulls its own repository at the configured tag, never latest", () => {
        expect(app.image).toBe(`${repo.url}:${service.imageTag}`);
        expect(app.image).not.toMatch(/:latest$/);
      });

      it("listens on its port with a curl health check", () => {
        expect(app.portMappings).toEqual([{ containerPort: service.containerPort, protocol: "tcp" }]);
        expect(app.healthCheck).toEqual({
          command: ["CMD-SHELL", `curl -f http://localhost:${service.containerPort}${service.healthCheckPath} || exit 1`],
          interval: 30,
          timeout: 5,
          retries: 3,
          startPeriod: 60,
        });
      });

      it("runs every container non-root on a read-only root with only /tmp writable", () => {
        for (const container of containers) {
          expect(container.user).toBe("1000:1000");
          expect(container.readonlyRootFilesystem).toBe(true);
          expect(container.privileged).not.toBe(true);
        }
        expect(app.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
        expect(task.body.volume).toEqual([{ name: "tmp" }]);
      });

      it("logs to its own KMS-encrypted log group", () => {
        expect(logGroup.body).toEqual({
          name: names.serviceLogGroup(service.name),
          retention_in_days: config.logRetentionDays,
          kms_key_id: data.logsKeyArn,
        });
        expect(app.logConfiguration).toEqual({
          logDriver: "awslogs",
          options: {
            "awslogs-group": ref("aws_cloudwatch_log_group", logGroup.key, "name"),
            "awslogs-region": config.region,
            "awslogs-stream-prefix": service.name,
          },
        });
      });

      it("gets no database credential, only the API keys and only when it uses them", () => {
        const secrets = Object.fromEntries((app.secrets as { name: string; valueFrom: string }[]).map((s) => [s.name, s.valueFrom]));
        expect(secrets).toEqual(service.usesApiKeys ? { API_KEYS: data.apiKeysSecretArn } : {});
        for (const value of Object.values(env)) expect(value).not.toMatch(/password|secret/i);
      });

      it("connects as its own IAM-authenticated role, scoped to that role on this cluster", () => {
        const user = Names.for(config).dbUser(service.name);
        const connect = iamStatements(json).filter(({ statement }) => statement.Action === "rds-db:connect");
        const mine = roleStatements(json, names.taskRole(service.name)).filter((statement) => statement.Action === "rds-db:connect");
        expect(mine.map((statement) => statement.Resource)).toEqual([
          expect.stringMatching(new RegExp(`^arn:\\$\\{data\\.aws_partition\\.[^}]+\\}:rds-db:${config.region}:\\$\\{data\\.aws_caller_identity\\.[^}]+\\}:dbuser:${data.databaseClusterResourceId}/${user}$`)),
        ]);
        expect(connect).toHaveLength(Object.keys(data.databaseUsers).length);
      });

      it("gets the cluster endpoints (not a CNAME), its user, queue and cache coordinates as plain environment", () => {
        expect(env).toMatchObject({
          DB_HOST: data.databaseClusterEndpoint,
          DB_READER_HOST: data.databaseReaderEndpoint,
          DB_PORT: String(data.databasePort),
          DB_NAME: data.databaseName,
          DB_USER: Names.for(config).dbUser(service.name),
        });
        expect(env.QUEUE_URL).toBe(service.queueAccess === "none" ? undefined : data.queueUrl);
        expect(env.DLQ_URL).toBe(service.queueAccess === "consume" ? data.deadLetterQueueUrl : undefined);
        expect(env.REDIS_HOST).toBe(data.cache?.primaryEndpoint);
        expect(env.REDIS_USER).toBe(data.cache?.userName);
      });

      it("runs the pinned X-Ray daemon sidecar only with tracing on", () => {
        const xray = containers.find((c) => c.name === "xray-daemon");
        if (config.compute.xrayTracing) {
          expect(xray).toMatchObject({ image: XRAY_DAEMON_IMAGE, essential: false });
          expect(env.AWS_XRAY_DAEMON_ADDRESS).toBe("127.0.0.1:2000");
        } else {
          expect(xray).toBeUndefined();
          expect(env.AWS_XRAY_DAEMON_ADDRESS).toBeUndefined();
        }
      });

      it("runs in private subnets without public IPs, registered in Cloud Map", () => {
        const discovery = find(json, "aws_service_discovery_service", (d) => d.name === service.name);
        expect(discovery.body.dns_config).toMatchObject({ routing_policy: "MULTIVALUE", dns_records: [{ type: "A", ttl: 10 }] });
        expect(discovery.body.health_check_custom_config).toEqual({ failure_threshold: 1 });
        expect(ecs.body).toMatchObject({
          task_definition: ref("aws_ecs_task_definition", task.key, "arn"),
          desired_count: service.desiredCount,
          network_configuration: { assign_public_ip: false, security_groups: [expect.stringMatching(/security-groups_app/)] },
          service_registries: { registry_arn: ref("aws_service_discovery_service", discovery.key, "arn") },
          propagate_tags: "SERVICE",
          enable_execute_command: config.compute.enableExecuteCommand,
          wait_for_steady_state: ecs.body.deployment_controller.type === "ECS",
          deployment_minimum_healthy_percent: 100,
          deployment_maximum_percent: 200,
        });
        expect(ecs.body.network_configuration.subnets).toHaveLength(3);
        for (const subnet of ecs.body.network_configuration.subnets) expect(subnet).toMatch(/vpc_private-/);
        expect(ecs.body.lifecycle.ignore_changes).toContain("desired_count");
      });

      it("has an ALB grace period only when fronted by the ALB", () => {
        if (service.albPathPatterns) {
          expect(ecs.body.health_check_grace_period_seconds).toBeGreaterThanOrEqual(60);
          expect(ecs.body.load_balancer).toEqual([
            { target_group_arn: expect.stringContaining("aws_lb_target_group."), container_name: service.name, container_port: service.containerPort },
          ]);
        } else {
          expect(ecs.body.health_check_grace_period_seconds).toBeUndefined();
          expect(ecs.body.load_balancer).toBeUndefined();
        }
      });
    });
  }
});

describe("ECS Exec", () => {
  const config = configFor("dev", {}, (p) => ({ ...p, compute: { ...p.compute, enableExecuteCommand: true } }));
  const json = synthCompute(config);

  it("keeps the root read-only and gives the exec agent its writable directories", () => {
    for (const [, task] of resourcesOf(json, "aws_ecs_task_definition")) {
      const [app] = JSON.parse(task.container_definitions) as Record<string, any>[];
      expect(app.readonlyRootFilesystem).toBe(true);
      expect(app.linuxParameters).toEqual({ initProcessEnabled: true });
      expect(app.mountPoints.map((m: { containerPath: string }) => m.containerPath)).toEqual([
        "/tmp",
        "/managed-agents",
        "/var/lib/amazon/ssm",
        "/var/log/amazon/ssm",
      ]);
      expect(task.volume).toHaveLength(4);
    }
    for (const [, service] of resourcesOf(json, "aws_ecs_service")) expect(service.enable_execute_command).toBe(true);
  });
});

describe("a service without database access and without API keys", () => {
  const config = configFor("dev", {}, (p) => ({
    ...p,
    compute: { ...p.compute, services: p.compute.services.map((s) => ({ ...s, usesApiKeys: false, ...(s.albPathPatterns ? {} : { databaseAccess: "none" as const }) })) },
  }));
  const names = Names.for(config);
  const json = synthCompute(config);
  const internal = config.compute.services.filter((s) => s.databaseAccess === "none");

  it("gets no DB_* variables and no rds-db:connect", () => {
    expect(internal.length).toBeGreaterThan(0);
    for (const service of internal) {
      const task = find(json, "aws_ecs_task_definition", (t) => t.family === names.of(service.name));
      const [app] = JSON.parse(task.body.container_definitions);
      expect(app.environment.map((e: { name: string }) => e.name).filter((n: string) => n.startsWith("DB_"))).toEqual([]);
      const statements = roleStatements(json, names.taskRole(service.name));
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.map((statement) => statement.Action).flat()).not.toContain("rds-db:connect");
    }
  });

  it("leaves the execution role without any secret read when no service injects one", () => {
    const statements = iamStatements(json).map((s) => s.statement);
    expect(statements.filter((s) => s.Action === "secretsmanager:GetSecretValue")).toEqual([]);
  });
});

describe("image digests", () => {
  it("deploys IMAGE_TAG=sha256:<hex> as <repository>@sha256:<hex>", () => {
    const digest = `sha256:${"5e".repeat(32)}`;
    const config = configFor("dev", { IMAGE_TAG: digest });
    const json = synthCompute(config);
    const images = resourcesOf(json, "aws_ecs_task_definition").map(([, t]) => JSON.parse(t.container_definitions)[0].image as string);
    expect(images).toHaveLength(config.compute.services.length);
    for (const image of images) expect(image).toMatch(new RegExp(`^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/[^:@]+@${digest}$`));
  });
});
