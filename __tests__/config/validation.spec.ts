import { errorOf, type Edit } from "./errors";
import { ConfigError } from "../../config/errors";
import { loadConfig, sanitizeTagValue, type Env } from "../../config/load";
import { PROFILES } from "../../config/profiles";
import type { ProfileConfig, ServiceConfig } from "../../config/types";



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

  it("takes the profile and suffix from ENVIRONMENT and ENVIRONMENT_SUFFIX; an empty suffix means the main environment", () => {
    const config = loadConfig({ env: { ENVIRONMENT: "prod", ENVIRONMENT_SUFFIX: "pr7" } });
    expect(config.profile).toBe("prod");
    expect(config.suffix).toBe("pr7");
    expect(loadConfig({ env: { ENVIRONMENT: "staging", ENVIRONMENT_SUFFIX: "" } }).suffix).toBe("staging");
  });

  it("takes the account from the profile, overridden by ACCOUNT_ID", () => {
    expect(loadConfig({ env: { ENVIRONMENT: "prod" } }).accountId).toBeUndefined();
    expect(loadConfig({ env: { ENVIRONMENT: "prod", ACCOUNT_ID: "123456789012" } }).accountId).toBe("123456789012");
    expect(loadConfig({ env: { ACCOUNT_ID: "" }, profile: { ...PROFILES.dev, accountId: "210987654321" } }).accountId).toBe("210987654321");
  });

  it("sanitizes ownership tags to what AWS tag values allow instead of failing", () => {
    const config = loadConfig({ env: { AUTHOR: "dependabot[bot]", PR_NUMBER: "42", TEAM: "payments (core) #1", REPOSITORY: "[]" } });
    expect(config.ownershipTags).toEqual({ Author: "dependabot-bot", PRNumber: "42", Team: "payments -core- -1" });
    expect(sanitizeTagValue("ä".repeat(300))).toHaveLength(256);
  });

  it("accepts an image digest from IMAGE_TAG", () => {
    const digest = `sha256:${"ab12".repeat(16)}`;
    expect(loadConfig({ env: { IMAGE_TAG: digest } }).compute.services.every((s) => s.imageTag === digest)).toBe(true);
  });

  it("reads backend endpoint overrides for an S3-compatible store", () => {
    const { state } = loadConfig({ env: { TF_STATE_S3_ENDPOINT: "http://127.0.0.1:4568", TF_STATE_DYNAMODB_ENDPOINT: "http://127.0.0.1:4567", TF_STATE_USE_PATH_STYLE: "true" } });
    expect(state.endpoints).toEqual({ s3: "http://127.0.0.1:4568", dynamodb: "http://127.0.0.1:4567" });
    expect(state.usePathStyle).toBe(true);
  });

  it("overrides every service's image tag with IMAGE_TAG", () => {
    const config = loadConfig({ env: { IMAGE_TAG: "3f9c2ab" } });
    expect(config.compute.services.map((s) => s.imageTag)).toEqual(config.compute.services.map(() => "3f9c2ab"));
  });

  it("reads the state backend and ownership tags from the environment", () => {
    const config = loadConfig({
      env: { TF_STATE_BUCKET: "acme-tfstate", TF_STATE_REGION: "eu-west-1", TF_STATE_LOCK_TABLE: "acme-lock", TF_STATE_USE_LOCKFILE: "true", TEAM: "payments-platform", PR_NUMBER: "42" },
    });
    expect(config.state).toEqual({ bucket: "acme-tfstate", region: "eu-west-1", lockTable: "acme-lock", kmsKey: "alias/payment-platform-tfstate", useLockfile: true, endpoints: {}, usePathStyle: false });
    expect(config.ownershipTags).toEqual({ Team: "payments-platform", PRNumber: "42" });
  });
});

describe("rejects bad input with one line naming the field", () => {
  it("unknown profile", () => {
    expect(() => loadConfig({ env: { ENVIRONMENT: "nope" } })).toThrow(
      new ConfigError("ENVIRONMENT", "nope", "must be one of dev, staging, prod"),
    );
  });

  const cases: [string, Edit, Env, RegExp][] = [
    ["suffix characters", (p) => p, { ENVIRONMENT_SUFFIX: "Bad_Suffix!" }, /ENVIRONMENT_SUFFIX = "Bad_Suffix!": must be a-z, 0-9 and '-'/],
    ["40-character suffix", (p) => p, { ENVIRONMENT_SUFFIX: "a".repeat(40) }, /ENVIRONMENT_SUFFIX = "a{40}": is 40 characters; a copy of dev takes at most 10 /],
    ["suffix making a target group name too long", (p) => p, { ENVIRONMENT_SUFFIX: "feature-abc" }, /is 11 characters; a copy of dev takes at most 10 \(its tightest name, the target group name payment-api-gateway-d-<suffix>, allows 32\)/],
    ["service name making a target group name too long", (p) => services(p, (s, i) => (i === 0 ? { ...s, name: "api-gateway-for-partners-x" } : s)), {}, /compute.services\[0\].name = "api-gateway-for-partners-x": makes the name "payment-api-gateway-for-partners-x-dev" 38 characters long; target group names allow at most 32 \(shorten the service name by 6, or the suffix\)/],
    ["the same long service name in a copy", (p) => services(p, (s, i) => (i === 0 ? { ...s, name: "api-gateway-for-partners-x" } : s)), { ENVIRONMENT_SUFFIX: "pr7" }, /compute.services\[0\].name = "api-gateway-for-partners-x": makes the name "payment-api-gateway-for-partners-x-d-pr7" 40 characters long/],
    ["suffix naming another profile", (p) => p, { ENVIRONMENT_SUFFIX: "prod" }, /ENVIRONMENT_SUFFIX = "prod": is the name of the prod profile; a copy of dev needs a suffix of its own/],
    ["account id", (p) => p, { ACCOUNT_ID: "12345" }, /ACCOUNT_ID = "12345": must be a 12-digit AWS account ID/],
    ["profile account id", (p) => ({ ...p, accountId: "acme" }), {}, /accountId = "acme": must be a 12-digit AWS account ID/],
    ["empty IMAGE_TAG", (p) => p, { IMAGE_TAG: "" }, /IMAGE_TAG = "": is empty; unset it to deploy the profile's tags/],
    ["IMAGE_TAG latest", (p) => p, { IMAGE_TAG: "latest" }, /IMAGE_TAG = "latest": must be an immutable Docker tag/],
    ["IMAGE_TAG with a bad digest", (p) => p, { IMAGE_TAG: "sha256:abc" }, /IMAGE_TAG = "sha256:abc": must be an immutable Docker tag .* or a digest sha256:<64 lowercase hex>/],
    ["state bucket with a reserved prefix", (p) => p, { TF_STATE_BUCKET: "xn--payments" }, /TF_STATE_BUCKET = "xn--payments": must be an S3 bucket name/],
    ["state bucket like an IP address", (p) => p, { TF_STATE_BUCKET: "192.168.5.4" }, /TF_STATE_BUCKET = "192.168.5.4"/],
    ["state bucket with '..'", (p) => p, { TF_STATE_BUCKET: "acme..state" }, /TF_STATE_BUCKET = "acme..state"/],
    ["state bucket with a reserved suffix", (p) => p, { TF_STATE_BUCKET: "acme-state-s3alias" }, /TF_STATE_BUCKET = "acme-state-s3alias"/],
    ["unknown state region", (p) => p, { TF_STATE_REGION: "eu-west-9" }, /TF_STATE_REGION = "eu-west-9": must be a known AWS region/],
    ["S3 endpoint", (p) => p, { TF_STATE_S3_ENDPOINT: "localhost:4568" }, /TF_STATE_S3_ENDPOINT = "localhost:4568": must be an http:\/\/ or https:\/\/ URL/],
    ["DynamoDB endpoint", (p) => p, { TF_STATE_DYNAMODB_ENDPOINT: "ftp://x" }, /TF_STATE_DYNAMODB_ENDPOINT = "ftp:\/\/x"/],
    ["path-style flag", (p) => p, { TF_STATE_USE_PATH_STYLE: "1" }, /TF_STATE_USE_PATH_STYLE = "1": must be true or false/],
    ["unknown profile region", (p) => ({ ...p, region: "eu-west-7" }), {}, /region = "eu-west-7": must be a known AWS region/],
    ["AZ outside its region", (p) => ({ ...p, network: { ...p.network, availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1z"] } }), {}, /network.availabilityZones\[2\] = "eu-west-1z": must be an AZ of region eu-west-1: one of eu-west-1a, eu-west-1b, eu-west-1c/],
    ["public VPC CIDR", (p) => ({ ...p, network: { ...p.network, vpcCidr: "52.94.0.0/16" } }), {}, /network.vpcCidr = "52.94.0.0\/16": must be inside an RFC 1918 private range/],
    ["VPC CIDR straddling 172.16/12", (p) => ({ ...p, network: { ...p.network, vpcCidr: "172.32.0.0/16" } }), {}, /network.vpcCidr = "172.32.0.0\/16": must be inside an RFC 1918/],
    ["protected profile without a notification target", (p) => ({ ...p, protection: true, logRetentionDays: 365, compute: { ...p.compute, albCertificateArn: `arn:aws:acm:eu-west-1:123456789012:certificate/${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}` }, alarms: { ...p.alarms, notificationEmails: [] } }), {}, /alarms.notificationEmails = \[\]: must list at least one address \(or set alarms.notificationHttpsEndpoint\) when protection is on/],
    ["notification endpoint over HTTP", (p) => ({ ...p, alarms: { ...p.alarms, notificationHttpsEndpoint: "http://pager.acme.com/hook" } }), {}, /alarms.notificationHttpsEndpoint = "http:\/\/pager.acme.com\/hook": must be an https:\/\/ URL/],
    ["duplicate notification address", (p) => ({ ...p, alarms: { ...p.alarms, notificationEmails: ["a@acme.com", "a@acme.com"] } }), {}, /alarms.notificationEmails = .*must not list an address twice/],
    ["lockfile flag", (p) => p, { TF_STATE_USE_LOCKFILE: "yes" }, /TF_STATE_USE_LOCKFILE = "yes": must be true or false/],
    ["state bucket", (p) => p, { TF_STATE_BUCKET: "Not A Bucket" }, /TF_STATE_BUCKET = "Not A Bucket": must be an S3 bucket name/],
    ["region", (p) => ({ ...p, region: "mars-1" }), {}, /region = "mars-1": must be a known AWS region such as eu-west-1/],
    ["malformed CIDR", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.0.0.256/16" } }), {}, /network.vpcCidr = "10.0.0.256\/16": must be an aligned IPv4 network from \/16 to \/20/],
    ["unaligned CIDR", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.0.1.0/16" } }), {}, /network.vpcCidr = "10.0.1.0\/16"/],
    ["CIDR too small", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.9.0.0/24" } }), {}, /network.vpcCidr = "10.9.0.0\/24"/],
    ["CIDR overlapping another profile", (p) => ({ ...p, network: { ...p.network, vpcCidr: "10.1.0.0/20" } }), {}, /network.vpcCidr = "10.1.0.0\/20": overlaps the staging profile's 10.1.0.0\/16/],
    ["two AZs", (p) => ({ ...p, network: { ...p.network, availabilityZones: ["eu-west-1a", "eu-west-1b"] } }), {}, /network.availabilityZones = \["eu-west-1a","eu-west-1b"\]: must list exactly 3 distinct AZs/],
    ["repeated AZ", (p) => ({ ...p, network: { ...p.network, availabilityZones: ["eu-west-1a", "eu-west-1a", "eu-west-1b"] } }), {}, /must list exactly 3 distinct AZs/],
    ["AZ outside the region", (p) => ({ ...p, network: { ...p.network, availabilityZones: ["eu-west-1a", "eu-west-1b", "us-east-1c"] } }), {}, /network.availabilityZones\[2\] = "us-east-1c": must be an AZ of region eu-west-1/],
    ["NAT strategy", (p) => ({ ...p, network: { ...p.network, natStrategy: "many" as never } }), {}, /network.natStrategy = "many": must be one of "per-az", "single", "none"/],
    ["log retention", (p) => ({ ...p, logRetentionDays: 31 }), {}, /^invalid configuration: logRetentionDays = 31: must be one of 1, 3, 5/],
    ["protected log retention", (p) => ({ ...p, protection: true, logRetentionDays: 180 }), {}, /logRetentionDays = 180: must be at least 365 when protection is on \(PCI DSS 10.5.1/],
    ["baseline covering itself", (p) => ({ ...p, baseline: { ...p.baseline, covers: ["dev"] } }), {}, /baseline.covers\[0\] = "dev": must be one of "staging", "prod"/],
    ["baseline covering an owner", (p) => ({ ...p, baseline: { ...p.baseline, covers: ["staging"] } }), {}, /baseline.covers\[0\] = "staging": deploys its own baseline .*turn the staging profile's off/],
    ["baseline covers without owning", (p) => ({ ...p, baseline: { enabled: false, covers: ["prod"], additionalRegions: [] } }), {}, /baseline.covers\[0\] = "prod": needs baseline.enabled/],
    ["baseline enabled not a boolean", (p) => ({ ...p, baseline: { ...p.baseline, enabled: "yes" as unknown as boolean } }), {}, /baseline.enabled = "yes": must be true or false/],
    ["baseline covers not a list", (p) => ({ ...p, baseline: { ...p.baseline, covers: "prod" as unknown as [] } }), {}, /baseline.covers = "prod": must be a list of profile names/],
    ["baseline regions not a list", (p) => ({ ...p, baseline: { ...p.baseline, additionalRegions: "us-west-2" as unknown as [] } }), {}, /baseline.additionalRegions = "us-west-2": must be a list of AWS region names/],
    ["baseline region", (p) => ({ ...p, baseline: { ...p.baseline, additionalRegions: ["mars-north-1a"] } }), {}, /baseline.additionalRegions\[0\] = "mars-north-1a": must be a known AWS region/],
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
    ["image tag latest", (p) => services(p, (s, i) => (i === 0 ? { ...s, imageTag: "latest" } : s)), {}, /compute.services\[0\].imageTag = "latest": must be an immutable Docker tag/],
    ["service name", (p) => services(p, (s, i) => (i === 0 ? { ...s, name: "API_Gateway" } : s)), {}, /compute.services\[0\].name = "API_Gateway": must be 2-32 characters/],
    ["no ALB-fronted service", (p) => services(p, (s) => ({ ...s, albPathPatterns: undefined })), {}, /compute.services = .*must include one service with albPathPatterns/],
    [
      "patterns of two services that overlap",
      (p) => services(p, (s, i) => (i === 2 ? { ...s, albPathPatterns: ["/api/fraud/*"] } : s)),
      {},
      /^invalid configuration: compute.services\[2\].albPathPatterns\[0\] = "\/api\/fraud\/\*": overlaps "\/api\/\*" of service api-gateway: .*give fraud-detector patterns disjoint/,
    ],
    [
      "overlapping wildcard patterns neither containing the other",
      (p) => services(p, (s, i) => (i === 1 ? { ...s, albPathPatterns: ["/*/webhook/stripe"] } : s)),
      {},
      /compute.services\[1\].albPathPatterns\[0\] = "\/\*\/webhook\/stripe": overlaps "\/api\/\*" of service api-gateway/,
    ],
    [
      "a service name making its names too long",
      (p) => services(p, (s, i) => (i === 0 ? { ...s, name: "api-gateway-public-v2" } : s)),
      {},
      /^invalid configuration: compute.services\[0\].name = "api-gateway-public-v2": makes the name "payment-api-gateway-public-v2-dev" 33 characters long; target group names allow at most 32 \(shorten the service name by 1, or the suffix\)$/,
    ],
    ["health check command form", (p) => services(p, (s) => ({ ...s, healthCheckCommand: ["curl", "-f", "http://localhost/health"] })), {}, /compute.services\[0\].healthCheckCommand = \["curl".*must be "none", \["CMD", "<executable>", ...args\] or \["CMD-SHELL", "<command line>"\]/],
    ["CMD-SHELL with two command strings", (p) => services(p, (s) => ({ ...s, healthCheckCommand: ["CMD-SHELL", "a", "b"] })), {}, /compute.services\[0\].healthCheckCommand/],
    ["peering with itself", (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "dev", ingressPorts: [], egressPorts: [] } } }), {}, /network.peering.with = "dev": must be one of "staging", "prod"/],
    ["peering role", (p) => ({ ...p, network: { ...p.network, peering: { role: "both" as "requester", with: "prod", ingressPorts: [], egressPorts: [] } } }), {}, /network.peering.role = "both": must be one of "requester", "accepter"/],
    ["peering port", (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ingressPorts: [{ name: "api", port: 70000 }], egressPorts: [] } } }), {}, /network.peering.ingressPorts\[0\].port = 70000: must be a whole number from 1 to 65535/],
    ["unnamed peering port", (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ingressPorts: [], egressPorts: [{ name: "Bad Name", port: 80 }] } } }), {}, /network.peering.egressPorts\[0\].name = "Bad Name"/],
    ["duplicate peering port name", (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ingressPorts: [{ name: "a1", port: 1 }, { name: "a1", port: 2 }], egressPorts: [] } } }), {}, /network.peering.ingressPorts\[1\].name = "a1": must be unique/],
    ["peer account", (p) => ({ ...p, network: { ...p.network, peering: { role: "requester", with: "prod", ingressPorts: [], egressPorts: [], peerAccountId: "12" } } }), {}, /network.peering.peerAccountId = "12": must be a 12-digit AWS account ID/],
    ["path pattern longer than an ALB condition value", (p) => services(p, (s, i) => (i === 0 ? { ...s, albPathPatterns: [`/${"a".repeat(128)}/*`] } : s)), {}, /compute.services\[0\].albPathPatterns\[0\] = .*must be at most 128 characters/],
    [
      "more ALB-routed services than an ALB has rules",
      (p) => ({ ...p, compute: { ...p.compute, services: Array.from({ length: 100 }, (_, i) => ({ ...p.compute.services[0], name: `svc${i}`, albPathPatterns: [`/s${i}/*`] })) } }),
      {},
      /compute.services = "100 ALB-routed services": must route at most 99 services/,
    ],
    ["steady-state timeout", (p) => ({ ...p, compute: { ...p.compute, steadyStateTimeoutMinutes: 2 } }), {}, /compute.steadyStateTimeoutMinutes = 2: must be a whole number from 5 to 60/],
    ["certificate ARN", (p) => ({ ...p, compute: { ...p.compute, albCertificateArn: "arn:aws:iam::1:cert" } }), {}, /compute.albCertificateArn = "arn:aws:iam::1:cert": must be an ACM certificate ARN/],
    ["domain not a DNS name", (p) => ({ ...p, edge: { ...p.edge, domain: { hostedZone: "example.com", appDomain: "app..example.com", apiDomain: "api.example.com" } } }), {}, /edge.domain.appDomain = "app..example.com": must be a lowercase DNS name/],
    ["domain outside the zone", (p) => ({ ...p, edge: { ...p.edge, domain: { hostedZone: "example.com", appDomain: "app.example.org", apiDomain: "api.example.com" } } }), {}, /edge.domain.appDomain = "app.example.org": must be inside the hosted zone example.com/],
    ["price class", (p) => ({ ...p, edge: { ...p.edge, priceClass: "PriceClass_300" as never } }), {}, /edge.priceClass = "PriceClass_300": must be one of "PriceClass_100", "PriceClass_200", "PriceClass_All"/],
    ["WAF rate limit below minimum", (p) => ({ ...p, edge: { ...p.edge, wafRateLimit: 9 } }), {}, /edge.wafRateLimit = 9: must be a whole number from 10 to 2000000000/],
    ["no services", (p) => ({ ...p, compute: { ...p.compute, services: [] } }), {}, /compute.services = \[\]: must list at least one service/],
    ["p99 latency 0", (p) => ({ ...p, alarms: { ...p.alarms, p99LatencySeconds: 0 } }), {}, /alarms.p99LatencySeconds = 0: must be a number of seconds above 0 and at most 60/],
    ["notification email", (p) => ({ ...p, alarms: { ...p.alarms, notificationEmails: ["ops-at-example"] } }), {}, /alarms.notificationEmails\[0\] = "ops-at-example": must be an email address/],
    ["environment variable name", (p) => services(p, (s, i) => (i === 0 ? { ...s, environment: { "1BAD": "x" } } : s)), {}, /compute.services\[0\].environment = "1BAD": variable names must be A-Z/],
    ["auto-pause without scale to zero", (p) => ({ ...p, database: { ...p.database, minCapacityAcu: 1 } }), {}, /database.autoPauseSeconds = 1800: applies only when database.minCapacityAcu is 0/],
    ["same app and API domain", (p) => ({ ...p, edge: { ...p.edge, domain: { hostedZone: "example.com", appDomain: "pay.example.com", apiDomain: "pay.example.com" } } }), {}, /edge.domain.apiDomain = "pay.example.com": must differ from edge.domain.appDomain/],
    ["protection without TLS to the origin", (p) => ({ ...p, protection: true, logRetentionDays: 365, alarms: { ...p.alarms, notificationEmails: ["oncall@acme.com"] } }), {}, /edge.domain = \(unset\): is required when protection is on/],
    ["wildcard repository", (p) => p, { GITHUB_REPOSITORY: "example-org/*" }, /ci.repository \(GITHUB_REPOSITORY\) = "example-org\/\*": must be a GitHub repository as owner\/name, without wildcards/],
    ["repository without owner", (p) => ({ ...p, ci: { ...p.ci, repository: "payment-platform" } }), {}, /ci.repository \(GITHUB_REPOSITORY\) = "payment-platform"/],
    ["repository ID not a number", (p) => ({ ...p, ci: { ...p.ci, repositoryIds: { owner: 1, repository: 0 } } }), {}, /ci.repositoryIds.repository = 0: must be a whole number from 1/],
    ["no deploy environment", (p) => ({ ...p, ci: { ...p.ci, deployEnvironments: [] } }), {}, /ci.deployEnvironments = \[\]: must name at least one GitHub environment/],
    ["environment with a colon", (p) => ({ ...p, ci: { ...p.ci, deployEnvironments: ["dev:x"] } }), {}, /ci.deployEnvironments\[0\] = "dev:x": must be a GitHub environment name/],
    ["environment twice", (p) => ({ ...p, ci: { ...p.ci, deployEnvironments: ["dev", "dev"] } }), {}, /ci.deployEnvironments = "dev": must not list an environment twice/],
    ["branch pattern", (p) => ({ ...p, ci: { ...p.ci, defaultBranch: "release/*" } }), {}, /ci.defaultBranch = "release\/\*": must be a branch name/],
    ["drift workflow outside .github/workflows", (p) => ({ ...p, ci: { ...p.ci, driftWorkflow: "drift.yml" } }), {}, /ci.driftWorkflow = "drift.yml": must be a workflow file under .github\/workflows/],
    ["deploy session over 12 hours", (p) => ({ ...p, ci: { ...p.ci, deploySessionSeconds: 50000 } }), {}, /ci.deploySessionSeconds = 50000: must be a whole number from 3600 to 43200/],
    ["boundary switch not a boolean", (p) => ({ ...p, ci: { ...p.ci, permissionsBoundary: "yes" as never } }), {}, /ci.permissionsBoundary = "yes": must be true or false/],
    ["OIDC provider mode", (p) => p, { GITHUB_OIDC_PROVIDER: "import" }, /ci.oidcProvider \(GITHUB_OIDC_PROVIDER\) = "import": must be one of "create", "existing"/],
    ["state key not an alias", (p) => p, { TF_STATE_KMS_KEY: "arn:aws:kms:us-east-1:1:key/x" }, /TF_STATE_KMS_KEY = "arn:aws:kms:us-east-1:1:key\/x": must be a KMS alias name/],
    ["state key alias owned by AWS", (p) => p, { TF_STATE_KMS_KEY: "alias/aws/s3" }, /TF_STATE_KMS_KEY = "alias\/aws\/s3"/],
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

describe("one baseline per account", () => {
  const profiles = PROFILES as Record<string, ProfileConfig>;
  /** Runs `check` while the staging profile's baseline covers dev (as in an account they share). */
  function withStagingCovering(covers: ProfileConfig["baseline"]["covers"], check: () => void) {
    const shipped = profiles.staging;
    profiles.staging = { ...shipped, baseline: { enabled: true, covers, additionalRegions: [] } };
    try {
      check();
    } finally {
      profiles.staging = shipped;
    }
  }

  it("refuses a profile's own baseline where another profile's baseline covers its account", () => {
    withStagingCovering(["dev"], () => {
      expect(errorOf()).toMatch(/baseline.enabled = true: must be false: the staging profile's baseline covers this account \(its baseline.covers lists dev\)/);
      expect(() => loadConfig({ env: { ENVIRONMENT: "dev" }, profile: { ...PROFILES.dev, baseline: { enabled: false, covers: [], additionalRegions: [] } } })).not.toThrow();
    });
  });

  it("accepts covering a profile whose own baseline is off, once", () => {
    const shipped = profiles.staging;
    profiles.staging = { ...shipped, baseline: { ...shipped.baseline, enabled: false } };
    try {
      expect(loadConfig({ env: { ENVIRONMENT: "dev" }, profile: { ...PROFILES.dev, baseline: { ...PROFILES.dev.baseline, covers: ["staging"] } } }).baseline.covers).toEqual(["staging"]);
      expect(errorOf((p) => ({ ...p, baseline: { ...p.baseline, covers: ["staging", "staging"] } }))).toMatch(/baseline.covers\[1\] = "staging": is listed twice/);
    } finally {
      profiles.staging = shipped;
    }
  });

  it("refuses covering a profile another baseline already covers", () => {
    const prodOff = { ...PROFILES.prod, baseline: { ...PROFILES.prod.baseline, enabled: false } };
    const shipped = profiles.prod;
    profiles.prod = prodOff;
    try {
      withStagingCovering(["prod"], () => {
        expect(errorOf((p) => ({ ...p, baseline: { ...p.baseline, covers: ["prod"] } }))).toMatch(/baseline.covers = \["prod"\]: lists prod, which the staging profile's baseline already covers/);
      });
    } finally {
      profiles.prod = shipped;
    }
  });
});
