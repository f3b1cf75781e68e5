import type { EnvironmentConfig } from "./types";

/**
 * Every physical name the platform creates, in one place, so validation can check each
 * against its AWS limit before synthesis and constructs never spell a name by hand.
 * Convention: payment-<thing>-<suffix>.
 */
export class Names {
  constructor(readonly suffix: string) {}

  /** payment-<thing>-<suffix> */
  of(thing: string): string {
    return `payment-${thing}-${this.suffix}`;
  }

  /** Globally unique S3 bucket name: the account ID keeps copies in other accounts apart. */
  bucket(thing: string, accountId: string): string {
    return `payment-${thing}-${this.suffix}-${accountId}`;
  }

  alb(): string {
    return this.of("alb");
  }

  /** `alternate` is the second target group CodeDeploy shifts traffic to. */
  targetGroup(service: string, alternate = false): string {
    return this.of(alternate ? `${service}-alt` : service);
  }

  taskRole(service: string): string {
    return this.of(`${service}-task`);
  }

  /** Customer-managed policy of a service's task role (what its code may do). */
  taskPolicy(service: string): string {
    return this.of(`${service}-task`);
  }

  /** What ECS uses to start one service's tasks; the prefix is what ECR repository policies admit. */
  executionRole(service: string): string {
    return this.of(`${EXECUTION_ROLE_PREFIX}${service}`);
  }

  /** Customer-managed policy of a service's execution role. */
  executionPolicy(service: string): string {
    return this.of(`${EXECUTION_ROLE_PREFIX}${service}`);
  }

  /** Role and policy CodeDeploy uses for the blue/green services. */
  codeDeployRole(): string {
    return this.of("codedeploy");
  }

  codeDeployPolicy(): string {
    return this.of("codedeploy");
  }

  flowLogsRole(): string {
    return this.of("flow-logs");
  }

  flowLogsPolicy(): string {
    return this.of("flow-logs");
  }

  serviceLogGroup(service: string): string {
    return `/ecs/${this.of(service)}`;
  }

  /** Route53 private zone for this environment. */
  privateZone(): string {
    return `${this.suffix}.payment.internal`;
  }

  kmsAlias(use: string): string {
    return `alias/${this.of(use)}`;
  }

  /** WAF requires log groups named aws-waf-logs-*. */
  wafLogGroup(scope: "cloudfront" | "alb"): string {
    return `aws-waf-logs-${this.of(scope)}`;
  }
}

/** Every execution role is payment-ecs-execution-<service>-<suffix>: ECR pull policies match on it. */
export const EXECUTION_ROLE_PREFIX = "ecs-execution-";

/** IAM role name pattern (ArnLike) of every execution role of every environment of the platform. */
export const EXECUTION_ROLE_PATTERN = `payment-${EXECUTION_ROLE_PREFIX}*`;

/** Longest account ID, for checking bucket names before the account is known. */
const ACCOUNT_ID_PLACEHOLDER = "123456789012";

export interface NameRule {
  readonly field: string;
  readonly name: string;
  readonly max: number;
  readonly what: string;
}

/** Every generated name with the limit AWS puts on it. */
export function plannedNames(config: EnvironmentConfig): NameRule[] {
  const n = new Names(config.suffix);
  const rules: NameRule[] = [
    { field: "alb", name: n.alb(), max: 32, what: "ALB names" },
    { field: "database", name: n.of("db"), max: 63, what: "Aurora cluster identifiers" },
    { field: "database", name: n.of("db-writer"), max: 63, what: "RDS instance identifiers" },
    { field: "cache", name: n.of("cache"), max: 40, what: "ElastiCache replication group IDs" },
    { field: "queue", name: n.of("transactions-dlq"), max: 80, what: "SQS queue names" },
    { field: "data", name: n.bucket("alb-logs", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
    { field: "edge", name: n.bucket("frontend", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
    { field: "network", name: n.flowLogsRole(), max: 64, what: "IAM role names" },
    { field: "network", name: n.flowLogsPolicy(), max: 128, what: "IAM policy names" },
    { field: "compute", name: n.codeDeployRole(), max: 64, what: "IAM role names" },
    { field: "compute", name: n.codeDeployPolicy(), max: 128, what: "IAM policy names" },
    { field: "edge", name: n.wafLogGroup("cloudfront"), max: 512, what: "log group names" },
    { field: "edge", name: n.of("cloudfront-oac"), max: 64, what: "CloudFront origin access control names" },
  ];
  config.compute.services.forEach((service, i) => {
    const field = `compute.services[${i}].name`;
    rules.push(
      { field, name: n.taskRole(service.name), max: 64, what: "IAM role names" },
      { field, name: n.taskPolicy(service.name), max: 128, what: "IAM policy names" },
      { field, name: n.executionRole(service.name), max: 64, what: "IAM role names" },
      { field, name: n.executionPolicy(service.name), max: 128, what: "IAM policy names" },
      { field, name: n.serviceLogGroup(service.name), max: 512, what: "log group names" },
      { field, name: n.of(service.name), max: 255, what: "ECS service names" },
    );
    if (service.albPathPatterns) {
      rules.push({ field, name: n.targetGroup(service.name), max: 32, what: "target group names" });
      if (config.compute.blueGreen) {
        rules.push({ field, name: n.targetGroup(service.name, true), max: 32, what: "target group names" });
      }
    }
  });
  return rules;
}
