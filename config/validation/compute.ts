import { ConfigError } from "../errors";
import { imageTagProblem } from "../images";
import { PROFILES } from "../profiles";
import { MAX_PATH_PATTERN_LENGTH, MAX_ROUTED_SERVICES, patternsOverlap } from "../routing";
import { DATABASE_ACCESS, PROFILE_NAMES, type EnvironmentConfig, type ServiceConfig } from "../types";
import { intInRange, isBoolean, matches, oneOf } from "./rules";

/** Valid Fargate (cpu -> memory MiB) combinations for Linux tasks. */
export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+*?&]*$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

export function validateCompute(config: EnvironmentConfig): void {
  const compute = config.compute;
  if (!Array.isArray(compute.services) || compute.services.length === 0) {
    throw new ConfigError("compute.services", compute.services, "must list at least one service");
  }
  const seen = new Set<string>();
  compute.services.forEach((service, i) => {
    if (seen.has(service.name)) {
      throw new ConfigError(`compute.services[${i}].name`, service.name, "must be unique; another service already has this name");
    }
    seen.add(service.name);
    validateService(`compute.services[${i}]`, service);
  });
  validateRoutes(compute.services);
  const routed = compute.services.filter((s) => s.albPathPatterns).length;
  if (routed > MAX_ROUTED_SERVICES) {
    throw new ConfigError("compute.services", `${routed} ALB-routed services`, `must route at most ${MAX_ROUTED_SERVICES} services through the ALB (its default quota is 100 rules)`);
  }
  if (!compute.services.some((s) => s.albPathPatterns)) {
    throw new ConfigError("compute.services", compute.services.map((s) => s.name), "must include one service with albPathPatterns (the ALB's target)");
  }
  const a = compute.autoscaling;
  intInRange("compute.autoscaling.cpuTargetPercent", a.cpuTargetPercent, 1, 100);
  intInRange("compute.autoscaling.memoryTargetPercent", a.memoryTargetPercent, 1, 100);
  intInRange("compute.autoscaling.requestsPerTarget", a.requestsPerTarget, 1, 1000000);
  intInRange("compute.autoscaling.scaleOutCooldownSeconds", a.scaleOutCooldownSeconds, 0, 3600);
  intInRange("compute.autoscaling.scaleInCooldownSeconds", a.scaleInCooldownSeconds, 0, 3600);
  isBoolean("compute.fargateSpot", compute.fargateSpot);
  isBoolean("compute.blueGreen", compute.blueGreen);
  isBoolean("compute.xrayTracing", compute.xrayTracing);
  isBoolean("compute.enableExecuteCommand", compute.enableExecuteCommand);
  intInRange("compute.deregistrationDelaySeconds", compute.deregistrationDelaySeconds, 0, 3600);
  intInRange("compute.steadyStateTimeoutMinutes", compute.steadyStateTimeoutMinutes, 5, 60);
  validateSharing(config);
  if (compute.xrayTracing && config.network.natStrategy === "none") {
    throw new ConfigError(
      "compute.xrayTracing",
      true,
      "needs a NAT strategy other than none: the X-Ray daemon image comes from public.ecr.aws, which interface endpoints do not reach",
    );
  }
  if (compute.albCertificateArn !== undefined) {
    matches("compute.albCertificateArn", compute.albCertificateArn, ACM_ARN, "must be an ACM certificate ARN");
  }

  const alarms = config.alarms;
  intInRange("alarms.alb5xxCount", alarms.alb5xxCount, 1, 100000);
  intInRange("alarms.target5xxRatePercent", alarms.target5xxRatePercent, 1, 100);
  intInRange("alarms.dbCpuPercent", alarms.dbCpuPercent, 1, 100);
  intInRange("alarms.dbAcuUtilizationPercent", alarms.dbAcuUtilizationPercent, 1, 100);
  intInRange("alarms.dbConnectionsMax", alarms.dbConnectionsMax, 1, 100000);
  intInRange("alarms.queueOldestMessageSeconds", alarms.queueOldestMessageSeconds, 60, 1209600);
  if (!(alarms.p99LatencySeconds > 0 && alarms.p99LatencySeconds <= 60)) {
    throw new ConfigError("alarms.p99LatencySeconds", alarms.p99LatencySeconds, "must be a number of seconds above 0 and at most 60");
  }
  validateNotifications(config);
}

const EMAIL = /^[^\s@]+@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
const HTTPS_URL = /^https:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/i;

/** Alarms must reach a person: a protected environment names at least one target. */
function validateNotifications(config: EnvironmentConfig): void {
  const { notificationEmails: emails, notificationHttpsEndpoint: endpoint } = config.alarms;
  if (emails !== undefined) {
    if (!Array.isArray(emails)) throw new ConfigError("alarms.notificationEmails", emails, "must be a list of email addresses");
    emails.forEach((email, i) => matches(`alarms.notificationEmails[${i}]`, email, EMAIL, "must be an email address such as oncall@acme.com"));
    if (new Set(emails).size !== emails.length) throw new ConfigError("alarms.notificationEmails", emails, "must not list an address twice");
  }
  if (endpoint !== undefined) {
    matches("alarms.notificationHttpsEndpoint", endpoint, HTTPS_URL, "must be an https:// URL (SNS delivers alarms there)");
  }
  if (config.protection && !emails?.length && endpoint === undefined) {
    throw new ConfigError(
      "alarms.notificationEmails",
      emails,
      "must list at least one address (or set alarms.notificationHttpsEndpoint) when protection is on: alarms must reach a person",
    );
  }
}

/**
 * No path may match patterns of two services: the ALB and CloudFront would hand it to
 * whichever rule comes first, silently shadowing the other service (e.g. /api/fraud/* behind /api/*).
 */
function validateRoutes(services: readonly ServiceConfig[]): void {
  services.forEach((later, j) =>
    (later.albPathPatterns ?? []).forEach((pattern, k) => {
      for (const earlier of services.slice(0, j)) {
        const clash = (earlier.albPathPatterns ?? []).find((other) => patternsOverlap(pattern, other));
        if (clash !== undefined) {
          throw new ConfigError(
            `compute.services[${j}].albPathPatterns[${k}]`,
            pattern,
            `overlaps "${clash}" of service ${earlier.name}: a path matching both would reach only one of them; give ${later.name} patterns disjoint from ${earlier.name}'s`,
          );
        }
      }
    }),
  );
}

/** A profile that runs another profile's images must run services that profile builds. */
function validateSharing(config: EnvironmentConfig): void {
  const owner = config.compute.ecrShareFrom;
  if (owner === undefined) return;
  // A copy (suffix other than the profile's name) may share its own profile's main environment.
  if (owner === config.profile && config.suffix === config.profile) {
    throw new ConfigError("compute.ecrShareFrom", owner, `is this environment itself; only a copy of ${owner} (ENVIRONMENT_SUFFIX other than ${owner}) can share ${owner}'s repositories`);
  }
  oneOf("compute.ecrShareFrom", owner, PROFILE_NAMES);
  const built = PROFILES[owner].compute.services.map((s) => s.name);
  if (PROFILES[owner].compute.ecrShareFrom) {
    throw new ConfigError("compute.ecrShareFrom", owner, `must own its repositories; ${owner} itself shares from ${PROFILES[owner].compute.ecrShareFrom}`);
  }
  config.compute.services.forEach((service, i) => {
    if (!built.includes(service.name)) {
      throw new ConfigError(`compute.services[${i}].name`, service.name, `has no repository in ${owner} (compute.ecrShareFrom); ${owner} builds ${built.join(", ")}`);
    }
  });
  if (config.network.natStrategy === "none" && PROFILES[owner].region !== config.region) {
    throw new ConfigError(
      "compute.ecrShareFrom",
      owner,
      `pulls images from ${PROFILES[owner].region}, which VPC endpoints in ${config.region} cannot reach; use a NAT strategy other than none`,
    );
  }
}

function validateService(field: string, service: ServiceConfig): void {
  matches(`${field}.name`, service.name, SERVICE_NAME, "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter (it is a DNS label)");
  const memories = FARGATE_MEMORY[service.cpu];
  if (!memories) {
    throw new ConfigError(`${field}.cpu`, service.cpu, `must be a Fargate CPU value: ${Object.keys(FARGATE_MEMORY).join(", ")}`);
  }
  if (!memories.includes(service.memory)) {
    throw new ConfigError(
      `${field}.memory`,
      service.memory,
      `is not a valid Fargate pair with cpu ${service.cpu}; allowed: ${memories[0]} to ${memories[memories.length - 1]} MiB in steps of ${memories[1] - memories[0]}`,
    );
  }
  intInRange(`${field}.containerPort`, service.containerPort, 1, 65535);
  const imageProblem = imageTagProblem(service.imageTag);
  if (imageProblem) throw new ConfigError(`${field}.imageTag`, service.imageTag, imageProblem);
  intInRange(`${field}.minCapacity`, service.minCapacity, 0, 1000);
  intInRange(`${field}.maxCapacity`, service.maxCapacity, 1, 1000);
  if (service.minCapacity > service.maxCapacity) {
    throw new ConfigError(`${field}.minCapacity`, service.minCapacity, `must not exceed ${field}.maxCapacity (${service.maxCapacity})`);
  }
  intInRange(`${field}.desiredCount`, service.desiredCount, service.minCapacity, service.maxCapacity);
  matches(`${field}.healthCheckPath`, service.healthCheckPath, /^\/[A-Za-z0-9_\-./]*$/, "must be an absolute URL path such as /health");
  validateHealthCheckCommand(`${field}.healthCheckCommand`, service.healthCheckCommand);
  oneOf(`${field}.queueAccess`, service.queueAccess, ["send", "consume", "none"] as const);
  isBoolean(`${field}.usesApiKeys`, service.usesApiKeys);
  if (service.databaseAccess !== undefined) oneOf(`${field}.databaseAccess`, service.databaseAccess, DATABASE_ACCESS);
  if (service.albPathPatterns !== undefined) {
    // An ALB rule holds 5 condition values; the X-Origin-Verify header condition takes one.
    if (!Array.isArray(service.albPathPatterns) || service.albPathPatterns.length === 0 || service.albPathPatterns.length > 4) {
      throw new ConfigError(`${field}.albPathPatterns`, service.albPathPatterns, "must list 1 to 4 path patterns (the origin header takes the rule's fifth condition value), or be left out for an internal service");
    }
    service.albPathPatterns.forEach((p, j) => {
      matches(`${field}.albPathPatterns[${j}]`, p, PATH_PATTERN, "must be an ALB path pattern starting with /, such as /api/*");
      if (p.length > MAX_PATH_PATTERN_LENGTH) {
        throw new ConfigError(`${field}.albPathPatterns[${j}]`, p, `must be at most ${MAX_PATH_PATTERN_LENGTH} characters (an ALB condition value)`);
      }
    });
  }
  for (const name of Object.keys(service.environment ?? {})) {
    matches(`${field}.environment`, name, ENV_NAME, "variable names must be A-Z, 0-9 and '_', not starting with a digit");
  }
}

/** ECS accepts ["CMD", executable, ...args] or ["CMD-SHELL", "command line"]. */
function validateHealthCheckCommand(field: string, command: ServiceConfig["healthCheckCommand"]): void {
  if (command === undefined || command === "none") return;
  const valid =
    Array.isArray(command) &&
    command.every((part) => typeof part === "string" && part.length > 0) &&
    ((command[0] === "CMD" && command.length >= 2) || (command[0] === "CMD-SHELL" && command.length === 2));
  if (!valid) {
    throw new ConfigError(field, command, 'must be "none", ["CMD", "<executable>", ...args] or ["CMD-SHELL", "<command line>"]');
  }
}

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}
