import { ConfigError } from "../../config/errors";
import { loadConfig, type Env } from "../../config/load";
import { PROFILES } from "../../config/profiles";
import type { ProfileConfig, ServiceConfig } from "../../config/types";

type Edit = (p: ProfileConfig) => ProfileConfig;

function errorOf(edit: Edit = (p) => p, env: Env = {}, profile = "dev" as const): string {
  try {
    loadConfig({ env: { ENVIRONMENT: profile, ...env }, profile: edit(PROFILES[profile]) });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("configuration was accepted");
}

const services = (p: ProfileConfig, edit: (s: ServiceConfig, i: number) => ServiceConfig): ProfileConfig => ({
  ...p,
  compute: { ...p.compute, services: p.compute.services.map(edit) },
});

describe("profiles", () => {
  it.each(["dev", "staging", "prod"] as const)("%s is valid as shipped", (profile) => {
    const config = loadConfig({ env: { ENVIRONMENT: profile } });
    expect(config.profile).toBe(profile);
    expect(config.suffix).toBe(profile);
    expect(config.network.availabilityZones).toHaveLength(3);
  });

  it("takes the profile and suffix from cdktf context over the environment", () => {
    const config = loadConfig({ env: { ENVIRONMENT: "dev" }, context: { environment: "prod", environmentSuffix: "pr7" } });
    expect(config.profile).toBe("prod");
    expect(config.suffix).toBe("pr7");
  });

  it("overrides every service's image tag with IMAGE_TAG", () => {
    const config = loadConfig({ env: { IMAGE_TAG: "3f9c2ab" } });
    expect(config.compute.services.map((s) => s.imageTag)).toEqual(config.compute.services.map(() => "3f9c2ab"));
  });

  it("reads the state backend and ownership tags from the environment", () => {
    const config = loadConfig({
      env: { TF_STATE_BUCKET: "acme-tfstate", TF_STATE_REGION: "eu-west-1", TF_STATE_LOCK_TABLE: "acme-lock", TF_STATE_USE_LOCKFILE: "true", TEAM: "payments-platform", PR_NUMBER: "42" },
    });
    expect(config.state).toEqual({ bucket: "acme-tfstate", region: "eu-west-1", lockTable: "acme-lock", useLockfile: true });
    expect(config.ownershipTags).toEqual({ Team: "payments-platform", PRNumber: "42" });
  });
});

describe("rejects bad input with one line naming the field", () => {
  it("unknown profile", () => {
    expect(() => loadConfig({ env: { ENVIRONMENT: "nope" } })).toThrow(
      new ConfigError("ENVIRONMENT", "nope", "must be one of dev, staging, prod"),
    );
    expect(() => loadConfig({ env: {}, context: { environment: "qa" } })).toThrow(/ENVIRONMENT = "qa"/);
  });

  const cases: [string, Edit, Env, RegExp][] = [
    ["suffix characters", (p) => p, { ENVIRONMENT_SUFFIX: "Bad_Suffix!" }, /ENVIRONMENT_SUFFIX = "Bad_Suffix!": must be 1-32 characters of a-z, 0-9 and '-'/],
    ["40-character suffix", (p) => p, { ENVIRONMENT_SUFFIX: "a".repeat(40) }, /ENVIRONMENT_SUFFIX = "a{40}": must be 1-32 characters/],
    ["suffix making the ALB name too long", (p) => p, { ENVIRONMENT_SUFFIX: "feature-branch-long-name" }, /ENVIRONMENT_SUFFIX = .*makes the alb name "payment-alb-feature-branch-long-name" 36 characters long; ALB names allow at most 32/],
    ["suffix making a target group name too long", (p) => p, { ENVIRONMENT_SUFFIX: "feature-abcd1" }, /target group names allow at most 32/],
    ["lockfile flag", (p) => p, { TF_STATE_USE_LOCKFILE: "yes" }, /TF_STATE_USE_LOCKFILE = "yes": must be true or false/],
    ["state bucket", (p) => p, { TF_STATE_BUCKET: "Not A Bucket" }, /TF_STATE_BUCKET = "Not A Bucket": must be an S3 bucket name/],
    ["tag value", (p) => p, { TEAM: "payments;drop" }, /TEAM = "payments;drop": must be 1-256 characters/],
    ["region", (p) => ({ ...p, region: "mars-1" }), {}, /region = "mars-1": must be an AWS region name/],
    ["malformed CIDR", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.0.0.256/16" } }), {}, /network.vpcCidr = "10.0.0.256\/16": must be an aligned IPv4 network from \/16 to \/20/],
    ["unaligned CIDR", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.0.1.0/16" } }), {}, /network.vpcCidr = "10.0.1.0\/16"/],
    ["CIDR too small", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.9.0.0/24" } }), {}, /network.vpcCidr = "10.9.0.0\/24"/],
    ["CIDR overlapping another profile", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.1.0.0/20" } }), {}, /network.vpcCidr = "10.1.0.0\/20": overlaps the staging profile's 10.1.0.0\/16/],
    ["two AZs", (p) => ({ ...p, network: { ...p.network, availabilityZones: ["eu-west-1a", "eu-west-1b"] } }), {}, /network.availabilityZones = \["eu-west-1a","eu-west-1b"\]: must list exactly 3 distinct AZs/],
    ["repeated AZ", (p) => ({ ...p, network: { ...p.network, availabilityZones: ["eu-west-1a", "eu-west-1a", "eu-west-1b"] } }), {}, /must list exactly 3 distinct AZs/],
    ["AZ outside the region", (p) => ({ ...p, network: { ...p.network, availabilityZones: ["eu-west-1a", "eu-west-1b", "us-east-1c"] } }), {}, /network.availabilityZones\[2\] = "us-east-1c": must be an AZ of region eu-west-1/],
    ["NAT strategy", (p) => ({ ...p, network: { ...p.network, natStrategy: "many" as never } }), {}, /network.natStrategy = "many": must be one of "per-az", "single", "none"/],
    ["flow log retention", (p) => ({ ...p, network: { ...p.network, flowLogRetentionDays: 31 } }), {}, /network.flowLogRetentionDays = 31: must be one of 1, 3, 5/],
    ["peering with itself", (p) => ({ ...p, network: { ...p.network, peerWith: "dev" } }), {}, /network.peerWith = "dev": must be one of "staging", "prod"/],
    ["ACU min above max", (p) => ({ ...p, database: { ...p.database, minCapacityAcu: 8, maxCapacityAcu: 4, autoPauseSeconds: undefined } }), {}, /database.minCapacityAcu = 8: must not exceed database.maxCapacityAcu \(4\)/],
    ["ACU step", (p) => ({ ...p, database: { ...p.database, maxCapacityAcu: 4.2 } }), {}, /database.maxCapacityAcu = 4.2: must be a number from 1 to 256 in steps of 0.5/],
    ["scale to zero without auto-pause", (p) => ({ ...p, database: { ...p.database, autoPauseSeconds: undefined } }), {}, /database.autoPauseSeconds = \(unset\): must be set/],
    ["backup retention 0", (p) => ({ ...p, database: { ...p.database, backupRetentionDays: 0 } }), {}, /database.backupRetentionDays = 0: must be a whole number from 1 to 35/],
    ["backup retention 36", (p) => ({ ...p, database: { ...p.database, backupRetentionDays: 36 } }), {}, /database.backupRetentionDays = 36: must be a whole number from 1 to 35/],
    ["engine version", (p) => ({ ...p, database: { ...p.database, engineVersion: "15.4" } }), {}, /database.engineVersion = "15.4": must be one of "16.3", "16.4", "16.6", "16.8"/],
    ["reserved master username", (p) => ({ ...p, database: { ...p.database, masterUsername: "postgres" } }), {}, /database.masterUsername = "postgres": must not be a name RDS reserves/],
    ["backup window", (p) => ({ ...p, database: { ...p.database, backupWindow: "2am" } }), {}, /database.backupWindow = "2am": must be hh24:mi-hh24:mi/],
    ["Redis with no nodes", (p) => ({ ...p, cache: { ...p.cache, enabled: true, nodeCount: 0 } }), {}, /cache.nodeCount = 0: must be a whole number from 1 to 6/],
    ["Redis engine", (p) => ({ ...p, cache: { ...p.cache, enabled: true, engineVersion: "6.2" } }), {}, /cache.engineVersion = "6.2": must be one of "7.0", "7.1"/],
    ["maxReceiveCount 0", (p) => ({ ...p, queue: { ...p.queue, maxReceiveCount: 0 } }), {}, /queue.maxReceiveCount = 0: must be a whole number from 1 to 1000/],
    ["visibility not above processing time", (p) => ({ ...p, queue: { ...p.queue, visibilityTimeoutSeconds: 30 } }), {}, /queue.visibilityTimeoutSeconds = 30: must be a whole number from 31 to 43200/],
    ["capacity min above max", (p) => services(p, (s, i) => (i === 1 ? { ...s, minCapacity: 5, maxCapacity: 3 } : s)), {}, /compute.services\[1\].minCapacity = 5: must not exceed compute.services\[1\].maxCapacity \(3\)/],
    ["desired outside capacity", (p) => services(p, (s, i) => (i === 0 ? { ...s, desiredCount: 9 } : s)), {}, /compute.services\[0\].desiredCount = 9: must be a whole number from 1 to 3/],
    ["CPU target 0", (p) => ({ ...p, compute: { ...p.compute, autoscaling: { ...p.compute.autoscaling, cpuTargetPercent: 0 } } }), {}, /compute.autoscaling.cpuTargetPercent = 0: must be a whole number from 1 to 100/],
    ["memory target 101", (p) => ({ ...p, compute: { ...p.compute, autoscaling: { ...p.compute.autoscaling, memoryTargetPercent: 101 } } }), {}, /compute.autoscaling.memoryTargetPercent = 101: must be a whole number from 1 to 100/],
    ["alarm threshold 150%", (p) => ({ ...p, alarms: { ...p.alarms, dbCpuPercent: 150 } }), {}, /alarms.dbCpuPercent = 150: must be a whole number from 1 to 100/],
    ["Fargate CPU", (p) => services(p, (s, i) => (i === 0 ? { ...s, cpu: 1000 } : s)), {}, /compute.services\[0\].cpu = 1000: must be a Fargate CPU value: 256, 512, 1024/],
    ["Fargate pair", (p) => services(p, (s, i) => (i === 2 ? { ...s, cpu: 256, memory: 4096 } : s)), {}, /compute.services\[2\].memory = 4096: is not a valid Fargate pair with cpu 256; allowed: 512 to 2048 MiB/],
    ["duplicate service", (p) => services(p, (s, i) => (i === 2 ? { ...s, name: "api-gateway" } : s)), {}, /compute.services\[2\].name = "api-gateway": must be unique/],
    ["port 0", (p) => services(p, (s, i) => (i === 1 ? { ...s, containerPort: 0 } : s)), {}, /compute.services\[1\].containerPort = 0: must be a whole number from 1 to 65535/],
    ["port 70000", (p) => services(p, (s, i) => (i === 1 ? { ...s, containerPort: 70000 } : s)), {}, /compute.services\[1\].containerPort = 70000/],
    ["image tag latest", (p) => services(p, (s, i) => (i === 0 ? { ...s, imageTag: "latest" } : s)), {}, /compute.services\[0\].imageTag = "latest": must be an immutable tag/],
    ["image tag latest from IMAGE_TAG", (p) => p, { IMAGE_TAG: "latest" }, /compute.services\[0\].imageTag = "latest"/],
    ["service name", (p) => services(p, (s, i) => (i === 0 ? { ...s, name: "API_Gateway" } : s)), {}, /compute.services\[0\].name = "API_Gateway": must be 2-32 characters/],
    ["no ALB-fronted service", (p) => services(p, (s) => ({ ...s, albPathPatterns: undefined })), {}, /compute.services = .*must include one service with albPathPatterns/],
    ["certificate ARN", (p) => ({ ...p, compute: { ...p.compute, albCertificateArn: "arn:aws:iam::1:cert" } }), {}, /compute.albCertificateArn = "arn:aws:iam::1:cert": must be an ACM certificate ARN/],
    ["domain not a DNS name", (p) => ({ ...p, edge: { ...p.edge, domain: { hostedZone: "example.com", appDomain: "app..example.com", apiDomain: "api.example.com" } } }), {}, /edge.domain.appDomain = "app..example.com": must be a lowercase DNS name/],
    ["domain outside the zone", (p) => ({ ...p, edge: { ...p.edge, domain: { hostedZone: "example.com", appDomain: "app.example.org", apiDomain: "api.example.com" } } }), {}, /edge.domain.appDomain = "app.example.org": must be inside the hosted zone example.com/],
    ["price class", (p) => ({ ...p, edge: { ...p.edge, priceClass: "PriceClass_300" as never } }), {}, /edge.priceClass = "PriceClass_300": must be one of "PriceClass_100", "PriceClass_200", "PriceClass_All"/],
    ["WAF rate limit below minimum", (p) => ({ ...p, edge: { ...p.edge, wafRateLimit: 9 } }), {}, /edge.wafRateLimit = 9: must be a whole number from 10 to 2000000000/],
    ["no services", (p) => ({ ...p, compute: { ...p.compute, services: [] } }), {}, /compute.services = \[\]: must list at least one service/],
    ["p99 latency 0", (p) => ({ ...p, alarms: { ...p.alarms, p99LatencySeconds: 0 } }), {}, /alarms.p99LatencySeconds = 0: must be a number of seconds above 0 and at most 60/],
    ["notification email", (p) => ({ ...p, alarms: { ...p.alarms, notificationEmail: "ops-at-example" } }), {}, /alarms.notificationEmail = "ops-at-example": must be an email address/],
    ["environment variable name", (p) => services(p, (s, i) => (i === 0 ? { ...s, environment: { "1BAD": "x" } } : s)), {}, /compute.services\[0\].environment = "1BAD": variable names must be A-Z/],
    ["auto-pause without scale to zero", (p) => ({ ...p, database: { ...p.database, minCapacityAcu: 1 } }), {}, /database.autoPauseSeconds = 1800: applies only when database.minCapacityAcu is 0/],
    ["same app and API domain", (p) => ({ ...p, edge: { ...p.edge, domain: { hostedZone: "example.com", appDomain: "pay.example.com", apiDomain: "pay.example.com" } } }), {}, /edge.domain.apiDomain = "pay.example.com": must differ from edge.domain.appDomain/],
    ["protection without TLS to the origin", (p) => ({ ...p, protection: true }), {}, /edge.domain = \(unset\): is required when protection is on/],
  ];

  it.each(cases)("%s", (_name, edit, env, expected) => {
    expect(errorOf(edit, env)).toMatch(expected);
  });
});

describe("ECR sharing chains", () => {
  it("refuses an owner that itself shares from another profile", () => {
    jest.isolateModules(() => {
      jest.doMock("../../config/profiles", () => {
        const actual = jest.requireActual("../../config/profiles");
        const staging = { ...actual.PROFILES.staging, compute: { ...actual.PROFILES.staging.compute, ecrShareFrom: "prod" } };
        return { PROFILES: { ...actual.PROFILES, staging } };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { loadConfig: load } = require("../../config/load") as { loadConfig: typeof loadConfig };
      const dev = jest.requireActual("../../config/profiles").PROFILES.dev;
      expect(() => load({ env: {}, profile: { ...dev, compute: { ...dev.compute, ecrShareFrom: "staging" } } })).toThrow(
        'invalid configuration: compute.ecrShareFrom = "staging": must own its repositories; staging itself shares from prod',
      );
    });
  });
});
