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

  serviceLogGroup(service: string): string {
    return `/ecs/${this.of(service)}`;
  }

  /** PostgreSQL role of a service (one cluster per environment, so no suffix); a DNS label with `_` for `-`. */
  dbUser(service: string): string {
    return service.replace(/-/g, "_");
  }

  /** AWS Backup restore testing plans and selections allow only letters, digits and '_'. */
  restoreTesting(thing: string): string {
    return `payment_${thing}_${this.suffix}`.replace(/-/g, "_");
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
    { field: "network", name: n.of("flow-logs"), max: 64, what: "IAM role names" },
    { field: "database", name: n.of("db-roles"), max: 64, what: "Lambda function and IAM role names" },
    { field: "backup", name: n.of("backup"), max: 50, what: "AWS Backup vault names" },
    { field: "backup", name: n.of("db-backup"), max: 50, what: "AWS Backup plan and selection names" },
    { field: "backup", name: n.of("backup-restore"), max: 64, what: "IAM role names" },
    { field: "backup", name: n.restoreTesting("db_restore"), max: 50, what: "AWS Backup restore testing names" },
    { field: "compute", name: n.of("ecs-execution"), max: 64, what: "IAM role names" },
    { field: "compute", name: n.of("codedeploy"), max: 64, what: "IAM role names" },
    { field: "edge", name: n.wafLogGroup("cloudfront"), max: 512, what: "log group names" },
    { field: "edge", name: n.of("cloudfront-oac"), max: 64, what: "CloudFront origin access control names" },
  ];
  config.compute.services.forEach((service, i) => {
    const field = `compute.services[${i}].name`;
    rules.push(
      { field, name: n.taskRole(service.name), max: 64, what: "IAM role names" },
      { field, name: n.serviceLogGroup(service.name), max: 512, what: "log group names" },
      { field, name: n.of(service.name), max: 255, what: "ECS service names" },
      { field, name: n.dbUser(service.name), max: 63, what: "PostgreSQL role names" },
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
