import { deploysBaseline } from "./derived";
import { releasedImageTag } from "./images";
import type { DomainConfig, EnvironmentConfig, ProfileName } from "./types";

/** The Application tag every resource carries (provider default_tags); CI policies match on it. */
export const APPLICATION = "payment-platform";

/**
 * Names of the per-profile CI identities (the ci stack). They carry the profile, not the
 * suffix: one set of roles per profile deploys the profile and its per-branch copies.
 */
export const CiNames = {
  planRole: (profile: ProfileName) => `payment-github-plan-${profile}`,
  deployRole: (profile: ProfileName) => `payment-github-deploy-${profile}`,
  /** A customer-managed policy of a CI role: <role>-<part>. */
  policy: (role: string, part: string) => `${role}-${part}`,
  /** The boundary every role the platform creates must carry, so the deploy role cannot escalate. */
  permissionsBoundary: (profile: ProfileName) => `payment-boundary-${profile}`,
  /** Every profile's CI roles, their policies and boundaries: what no deploy role may touch. */
  protectedRoles: "payment-github-*",
  protectedPolicies: ["payment-github-*", "payment-boundary-*"],
} as const;

/** Customer-managed policies of each CI role, by part (see constructs/ci). */
export const CI_POLICY_PARTS = {
  plan: ["state", "read"],
  deploy: ["state", "network", "data", "compute", "edge", "iam", "guard"],
} as const;


/**
 * One letter per profile, in the environment id of a copy (`d-pr7`, `s-pr7`): copies of two
 * profiles that share an account (dev/pr7 and staging/pr7) then never share a name, and a copy
 * spends two characters on it instead of the whole profile name.
 */
export const PROFILE_CODES: Readonly<Record<ProfileName, string>> = { dev: "d", staging: "s", prod: "p" };

/**
 * The id in every physical name of an environment. A profile's main environment (suffix = profile
 * name) is the profile name itself (`dev`); a copy is `<profile code>-<suffix>` (`d-pr7`). Ids of
 * distinct (profile, suffix) pairs differ, and no copy's id equals a main environment's: a main id
 * is a whole profile name, a copy's starts with one letter and a hyphen, which no profile name does.
 */
export function environmentId(profile: ProfileName, suffix: string): string {
  return suffix === profile ? profile : `${PROFILE_CODES[profile]}-${suffix}`;
}

/**
 * The public host names of an environment. A profile's domain belongs to its main environment;
 * a copy serves `<suffix>.<host>` in the same hosted zone, because DNS records, certificates and
 * CloudFront aliases are global: two environments can never serve one host name.
 */
export function environmentDomain(domain: DomainConfig, profile: ProfileName, suffix: string): DomainConfig {
  if (suffix === profile) return domain;
  return { hostedZone: domain.hostedZone, appDomain: `${suffix}.${domain.appDomain}`, apiDomain: `${suffix}.${domain.apiDomain}` };
}

/**
 * Every physical name the platform creates, in one place, so validation can check each
 * against its AWS limit before synthesis and constructs never spell a name by hand.
 * Convention: payment-<thing>-<environment id>.
 */
export class Names {
  /** `dev` for dev's main environment, `d-pr7` for its copy pr7 (see environmentId). */
  readonly id: string;

  constructor(
    readonly profile: ProfileName,
    readonly suffix: string,
  ) {
    this.id = environmentId(profile, suffix);
  }

  /** The names of an environment. */
  static for(config: Pick<EnvironmentConfig, "profile" | "suffix">): Names {
    return new Names(config.profile, config.suffix);
  }

  /** The names of a profile's main environment: the owner of shared repositories, a peer. */
  static main(profile: ProfileName): Names {
    return new Names(profile, profile);
  }

  /** payment-<thing>-<id> */
  of(thing: string): string {
    return `payment-${thing}-${this.id}`;
  }

  /** Globally unique S3 bucket name: the account ID keeps copies in other accounts apart. */
  bucket(thing: string, accountId: string): string {
    return `payment-${thing}-${this.id}-${accountId}`;
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

  /** PostgreSQL role of a service (one cluster per environment, so no suffix); a DNS label with `_` for `-`. */
  dbUser(service: string): string {
    return service.replace(/-/g, "_");
  }

  /** AWS Backup restore testing plans and selections allow only letters, digits and '_'. */
  restoreTesting(thing: string): string {
    return `payment_${thing}_${this.id}`.replace(/-/g, "_");
  }

  /** The ECR repository of a service (read by the preflight, which has no stack to ask). */
  repository(service: string): string {
    return this.of(service);
  }

  /** The third-party API keys secret in Secrets Manager. */
  apiKeysSecret(): string {
    return this.of("api-keys");
  }

  /** The SNS topic every alarm notifies. */
  alarmTopic(): string {
    return this.of("alarms");
  }

  /** Route53 private zone for this environment. */
  privateZone(): string {
    return `${this.id}.payment.internal`;
  }

  kmsAlias(use: string): string {
    return `alias/${this.of(use)}`;
  }

  /** The account's CloudTrail trail and its log group. */
  trail(): string {
    return this.of("trail");
  }

  trailLogGroup(): string {
    return `/aws/cloudtrail/${this.trail()}`;
  }

  /** WAF requires log groups named aws-waf-logs-*. */
  wafLogGroup(scope: "cloudfront" | "alb"): string {
    return `aws-waf-logs-${this.of(scope)}`;
  }
}

/**
 * SSM Parameter Store folder of the image tags released to an environment, one String
 * parameter per service (`<path><service>` = tag): a release may target some services, and
 * an infrastructure deploy reads every one. Written only by `npm run release`.
 */
export function releasedTagsPath(profile: string, suffix: string): string {
  return `/payment/${profile}/${suffix}/released-image-tags/`;
}

export function releasedTagParameter(profile: string, suffix: string, service: string): string {
  return `${releasedTagsPath(profile, suffix)}${service}`;
}

/** Server access logs of the state bucket: per account and region, like the bootstrap stack. */
export function stateAccessLogBucket(accountId: string, region: string): string {
  return `payment-tfstate-logs-${accountId}-${region}`;
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
  const n = Names.for(config);
  const rules: NameRule[] = [
    { field: "alb", name: n.alb(), max: 32, what: "ALB names" },
    { field: "database", name: n.of("db"), max: 63, what: "Aurora cluster identifiers" },
    { field: "database", name: n.of("db-writer"), max: 63, what: "RDS instance identifiers" },
    { field: "cache", name: n.of("cache"), max: 40, what: "ElastiCache replication group IDs" },
    { field: "queue", name: n.of("transactions-dlq"), max: 80, what: "SQS queue names" },
    { field: "data", name: n.apiKeysSecret(), max: 512, what: "Secrets Manager secret names" },
    { field: "data", name: n.bucket("alb-logs", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
    { field: "data", name: n.bucket("access-logs", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
    { field: "TF_STATE_REGION", name: stateAccessLogBucket(ACCOUNT_ID_PLACEHOLDER, config.state.region), max: 63, what: "S3 bucket names" },
    { field: "edge", name: n.bucket("frontend", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
    { field: "network", name: n.flowLogsRole(), max: 64, what: "IAM role names" },
    { field: "network", name: n.flowLogsPolicy(), max: 128, what: "IAM policy names" },
    { field: "database", name: n.of("db-roles"), max: 64, what: "Lambda function and IAM role names" },
    { field: "ENVIRONMENT_SUFFIX", name: releasedImageTag(config.suffix, `sha256:${"0".repeat(64)}`), max: 128, what: "image tags (npm run release)" },
    { field: "backup", name: n.of("backup"), max: 50, what: "AWS Backup vault names" },
    { field: "backup", name: n.of("db-backup"), max: 50, what: "AWS Backup plan and selection names" },
    { field: "backup", name: n.of("backup-restore"), max: 64, what: "IAM role names" },
    { field: "backup", name: n.restoreTesting("db_restore"), max: 50, what: "AWS Backup restore testing names" },
    { field: "compute", name: n.codeDeployRole(), max: 64, what: "IAM role names" },
    { field: "compute", name: n.codeDeployPolicy(), max: 128, what: "IAM policy names" },
    { field: "network", name: n.privateZone(), max: 253, what: "DNS names" },
    { field: "compute", name: n.alarmTopic(), max: 256, what: "SNS topic names" },
    { field: "compute", name: n.of("overview"), max: 255, what: "CloudWatch dashboard names" },
    { field: "edge", name: n.wafLogGroup("cloudfront"), max: 512, what: "log group names" },
    { field: "edge", name: n.of("cloudfront"), max: 128, what: "WAF web ACL names" },
    { field: "edge", name: n.of("cloudfront-oac"), max: 64, what: "CloudFront origin access control names" },
    { field: "edge", name: n.of("spa-router"), max: 64, what: "CloudFront function names" },
    { field: "edge", name: n.of("cloudfront-access"), max: 60, what: "CloudWatch Logs delivery source names" },
    { field: "edge", name: n.of("security-headers"), max: 64, what: "CloudFront function names" },
  ];
  if (config.edge.frontendReplicaRegion) {
    rules.push(
      { field: "edge.frontendReplicaRegion", name: n.bucket("frontend-replica", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
      { field: "edge.frontendReplicaRegion", name: n.bucket("replica-access-logs", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
      { field: "edge.frontendReplicaRegion", name: n.of("frontend-replication"), max: 64, what: "IAM role names" },
    );
  }
  const ciRoles = [CiNames.planRole(config.profile), CiNames.deployRole(config.profile)];
  for (const role of ciRoles) rules.push({ field: "ci", name: role, max: 64, what: "IAM role names" });
  for (const part of CI_POLICY_PARTS.deploy) {
    rules.push({ field: "ci", name: CiNames.policy(ciRoles[1], part), max: 128, what: "IAM policy names" });
  }
  rules.push({ field: "ci", name: CiNames.permissionsBoundary(config.profile), max: 128, what: "IAM policy names" });
  if (deploysBaseline(config)) {
    rules.push(
      { field: "baseline", name: n.bucket("audit-access-logs", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
      { field: "baseline", name: n.bucket("config", ACCOUNT_ID_PLACEHOLDER), max: 63, what: "S3 bucket names" },
      { field: "baseline", name: n.of("trail-logs"), max: 64, what: "IAM role names" },
      { field: "baseline", name: n.trail(), max: 128, what: "CloudTrail trail names" },
      { field: "baseline", name: n.of("guardduty-findings"), max: 64, what: "EventBridge rule names" },
      { field: "baseline", name: n.of("iam-policy-changes"), max: 255, what: "CloudWatch alarm names" },
    );
  }
  config.compute.services.forEach((service, i) => {
    const field = `compute.services[${i}].name`;
    rules.push(
      { field, name: n.taskRole(service.name), max: 64, what: "IAM role names" },
      { field, name: n.taskPolicy(service.name), max: 128, what: "IAM policy names" },
      { field, name: n.executionRole(service.name), max: 64, what: "IAM role names" },
      { field, name: n.executionPolicy(service.name), max: 128, what: "IAM policy names" },
      { field, name: n.serviceLogGroup(service.name), max: 512, what: "log group names" },
      { field, name: n.of(service.name), max: 255, what: "ECS service names" },
      // AWS reserves 1,037 of a parameter name's 2,048 characters.
      { field, name: releasedTagParameter(config.profile, config.suffix, service.name), max: 1011, what: "SSM parameter names" },
      { field, name: n.dbUser(service.name), max: 63, what: "PostgreSQL role names" },
      { field, name: n.repository(service.name), max: 256, what: "ECR repository names" },
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

/** The binding limit on a copy's suffix: the longest generated name and what that leaves. */
export interface SuffixLimit {
  /** Longest suffix a copy of this profile may have. */
  readonly max: number;
  /** The binding rule; its name is a template with `<suffix>` where the suffix goes. */
  readonly rule: NameRule;
}

const SUFFIX_PLACEHOLDER = "<suffix>";

/**
 * The longest suffix a copy of `config`'s profile may take, computed from `plannedNames`:
 * every name of a copy is a fixed text around the suffix, so the tightest rule decides.
 */
export function suffixLimit(config: EnvironmentConfig): SuffixLimit {
  let best: SuffixLimit | undefined;
  for (const rule of plannedNames({ ...config, suffix: SUFFIX_PLACEHOLDER })) {
    const max = rule.max - (rule.name.length - SUFFIX_PLACEHOLDER.length);
    if (!best || max < best.max) best = { max, rule };
  }
  return best!;
}
