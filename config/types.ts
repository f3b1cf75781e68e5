/**
 * The typed shape of an environment. A profile (dev, staging, prod) is a complete
 * `EnvironmentConfig` minus the suffix; `loadConfig` adds the suffix and applies
 * overrides from the environment, then `validateConfig` checks everything before
 * a single construct is created.
 */

export const PROFILE_NAMES = ["dev", "staging", "prod"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** `per-az`: one NAT gateway per AZ (no cross-AZ dependency); `single`: one shared NAT;
 *  `none`: no internet egress at all, AWS APIs reached through VPC interface endpoints. */
export const NAT_STRATEGIES = ["per-az", "single", "none"] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, /16 to /20; subnets are carved from it. */
  readonly vpcCidr: string;
  /** Exactly three AZ names inside `region`. */
  readonly availabilityZones: readonly string[];
  readonly natStrategy: NatStrategy;
  /** VPC peering with another profile's main environment; each side configures its own half. */
  readonly peering?: PeeringConfig;
}

/** A TCP port with a name, for security group rules a reviewer can read. */
export interface NamedPort {
  /** Lowercase label (a-z, 0-9, '-'), e.g. "ledger-api". */
  readonly name: string;
  readonly port: number;
}

/**
 * One side of a VPC peering. The requester's network stack creates the connection; the
 * accepter's network stack (the peer profile, which must name this profile with the other
 * role) accepts it. Each side routes, opens its security groups and shares its zone itself.
 */
export interface PeeringConfig {
  readonly role: "requester" | "accepter";
  /** The other profile; its main environment (suffix = profile name) is the peer. */
  readonly with: ProfileName;
  /** Ports of this side's app tasks that admit the peer's VPC CIDR. */
  readonly ingressPorts: readonly NamedPort[];
  /** Ports in the peer's VPC CIDR this side's app tasks may connect to. */
  readonly egressPorts: readonly NamedPort[];
  /** The peer's AWS account; default: the peer profile's accountId, else this account. */
  readonly peerAccountId?: string;
}

export interface DatabaseConfig {
  /** aurora-postgresql engine version; one of AURORA_POSTGRES_VERSIONS. */
  readonly engineVersion: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  /** Serverless v2 capacity in ACUs (0 allowed only with autoPauseSeconds). */
  readonly minCapacityAcu: number;
  readonly maxCapacityAcu: number;
  /** Idle seconds before a min-0 cluster pauses (300 to 86400). */
  readonly autoPauseSeconds?: number;
  /** Reader instances besides the writer. */
  readonly readerCount: number;
  /** Automated backup retention in days (1 to 35). */
  readonly backupRetentionDays: number;
  /** UTC hh24:mi-hh24:mi */
  readonly backupWindow: string;
  /** UTC ddd:hh24:mi-ddd:hh24:mi, must not overlap the backup window. */
  readonly maintenanceWindow: string;
  /** Days between rotations of the RDS-managed master secret. */
  readonly secretRotationDays: number;
  /** Statements slower than this are logged (`log_min_duration_statement`). */
  readonly slowQueryLogMs: number;
}

/** AWS Backup of the data stores (the Aurora cluster), on top of Aurora's own automated backups. */
export interface BackupConfig {
  /** AWS Backup schedule, cron(min hour day month weekday year) in UTC; keep it an hour clear of
   *  the cluster's backup and maintenance windows. */
  readonly schedule: string;
  /** Days each recovery point is kept in the primary vault (1 to 36500). */
  readonly retentionDays: number;
  /** Weekly restore test of the latest recovery point (AWS Backup restore testing). */
  readonly restoreTesting: boolean;
}

/** Recovery in a second region (prod: us-west-2). */
export interface DisasterRecoveryConfig {
  /** Region the backups are copied to; must differ from `region`. */
  readonly region: string;
  /** Days each copied recovery point is kept there. */
  readonly copyRetentionDays: number;
  /** An Aurora Global Database secondary cluster in `region` (faster recovery). Refused until
   *  the platform deploys a network in the DR region (help/disaster-recovery.md). */
  readonly globalDatabase: boolean;
}

export interface CacheConfig {
  /** Create an ElastiCache Redis replication group. */
  readonly enabled: boolean;
  readonly nodeType: string;
  /** Nodes in the replication group (1 to 6); more than one enables failover. */
  readonly nodeCount: number;
  readonly engineVersion: string;
}

export interface QueueConfig {
  /** Longest time a consumer takes to process one message. */
  readonly processingTimeoutSeconds: number;
  /** Must exceed processingTimeoutSeconds so a message is not redelivered mid-processing. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly messageRetentionSeconds: number;
}

/** `own-schema`: the service is a database role (IAM auth) that owns one schema named after it;
 *  `none`: the service gets no database role, no rds-db:connect and no DB_* variables. */
export const DATABASE_ACCESS = ["own-schema", "none"] as const;
export type DatabaseAccess = (typeof DATABASE_ACCESS)[number];

/** What a service may do with the transactions queue; drives its task role. */
export type QueueAccess = "send" | "consume" | "none";

export interface ServiceConfig {
  /** Lowercase DNS label; becomes the Cloud Map name and part of every resource name. */
  readonly name: string;
  /** Fargate task CPU units and memory (MiB); must be a valid Fargate pair. */
  readonly cpu: number;
  readonly memory: number;
  readonly containerPort: number;
  /** Image tag in the service's ECR repository; never `latest`. */
  readonly imageTag: string;
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly healthCheckPath: string;
  /**
   * Container health check, in ECS form: ["CMD", "/app/healthcheck"] or ["CMD-SHELL", "..."].
   * Absent: `curl -f http://localhost:<containerPort><healthCheckPath>`, which needs curl in the
   * image; "none" for an image with no probe tool (then only the ALB checks ALB-routed services).
   */
  readonly healthCheckCommand?: readonly string[] | "none";
  /** Path patterns the ALB routes to this service; absent = internal only (Cloud Map). */
  readonly albPathPatterns?: readonly string[];
  readonly queueAccess: QueueAccess;
  /** Whether the service reads the third-party API keys secret. */
  readonly usesApiKeys: boolean;
  /** Its database role and grants (default `own-schema`). */
  readonly databaseAccess?: DatabaseAccess;
  /** Extra non-secret environment variables. */
  readonly environment?: Readonly<Record<string, string>>;
}

export interface AutoscalingConfig {
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  /** ALB requests per target per minute, for ALB-fronted services. */
  readonly requestsPerTarget: number;
  readonly scaleOutCooldownSeconds: number;
  readonly scaleInCooldownSeconds: number;
}

export interface ComputeConfig {
  readonly services: readonly ServiceConfig[];
  readonly autoscaling: AutoscalingConfig;
  /** Allow the FARGATE_SPOT capacity provider for part of each service's tasks. */
  readonly fargateSpot: boolean;
  /** CodeDeploy blue/green for ALB-fronted services (rolling + circuit breaker otherwise). */
  readonly blueGreen: boolean;
  /** Run the X-Ray daemon as a sidecar in every task. */
  readonly xrayTracing: boolean;
  readonly enableExecuteCommand: boolean;
  /** Seconds the ALB waits for in-flight requests before deregistering a target. */
  readonly deregistrationDelaySeconds: number;
  /** Minutes an apply waits for a rolling service's tasks to run and pass health checks before it fails (5 to 60). */
  readonly steadyStateTimeoutMinutes: number;
  /** Existing ACM certificate for the ALB when no domain is configured. */
  readonly albCertificateArn?: string;
  /** Use the ECR repositories owned by another profile instead of creating them. */
  readonly ecrShareFrom?: ProfileName;
}

export interface AlarmConfig {
  /** ALB-generated 5XX responses per 5 minutes. */
  readonly alb5xxCount: number;
  /** Target 5XX responses as a percentage of requests. */
  readonly target5xxRatePercent: number;
  readonly p99LatencySeconds: number;
  readonly dbConnectionsMax: number;
  readonly dbCpuPercent: number;
  readonly dbAcuUtilizationPercent: number;
  readonly queueOldestMessageSeconds: number;
  /** Addresses subscribed to the alarm topic (each confirms by email). */
  readonly notificationEmails?: readonly string[];
  /** An HTTPS endpoint subscribed to the alarm topic (a pager or chat webhook). */
  readonly notificationHttpsEndpoint?: string;
}

export interface DomainConfig {
  /** Public Route53 hosted zone that already exists in the account. */
  readonly hostedZone: string;
  /** Frontend host name (CloudFront). */
  readonly appDomain: string;
  /** API host name (ALB certificate and origin). */
  readonly apiDomain: string;
}

/**
 * Where request bodies above the Common rule set's 8 KB limit are accepted: webhooks, whose
 * senders do not retry a refused delivery. Everything else keeps the 8 KB limit.
 */
export interface WebhookBodyConfig {
  /** Path prefix, `/` at both ends, inside one of the services' ALB path patterns. */
  readonly pathPrefix: string;
  /** Largest body accepted under the prefix (8,192 to 65,536 bytes); CloudFront's WAF inspects it whole. */
  readonly maxBytes: number;
}

export interface EdgeConfig {
  readonly priceClass: PriceClass;
  /** WAF rate-based rule: requests per 5 minutes per client IP. */
  readonly wafRateLimit: number;
  /** Narrow the ALB security group to CloudFront's origin-facing prefix list. */
  readonly restrictAlbToCloudFront: boolean;
  readonly webhookBody: WebhookBodyConfig;
  /** Region of a replica of the frontend bucket that CloudFront fails over to; absent = none. */
  readonly frontendReplicaRegion?: string;
  readonly domain?: DomainConfig;
}

/** Whether bootstrap creates the account's GitHub OIDC provider or uses the one already there. */
export const OIDC_PROVIDER_MODES = ["create", "existing"] as const;
export type OidcProviderMode = (typeof OIDC_PROVIDER_MODES)[number];

/** The identities GitHub Actions uses for this profile (the `ci` stack; help/bootstrap.md). */
export interface CiConfig {
  /** GitHub repository `owner/name` whose workflows may assume this profile's roles. */
  readonly repository: string;
  /**
   * Numeric IDs of the owner and repository, for repositories that emit GitHub's immutable `sub`
   * claim (`repo:owner@<id>/name@<id>:...`; created on or after 15 July 2026, or opted in).
   */
  readonly repositoryIds?: { readonly owner: number; readonly repository: number };
  /** GitHub environments whose jobs may assume the deploy role (sub `repo:<repository>:environment:<name>`). */
  readonly deployEnvironments: readonly string[];
  /** Branch the scheduled drift workflow runs on: a schedule always runs on the default branch. */
  readonly defaultBranch: string;
  /** The drift workflow's file; the plan role trusts a branch run of this workflow only. */
  readonly driftWorkflow: string;
  /** Maximum session of the deploy role in seconds (3600 to 43200): the longest deploy job. */
  readonly deploySessionSeconds: number;
  /** Every IAM role the platform creates carries the profile's permissions boundary (required for CI deploys). */
  readonly permissionsBoundary: boolean;
  /** Account-wide: bootstrap creates token.actions.githubusercontent.com, or finds the existing one. */
  readonly oidcProvider: OidcProviderMode;
}

/**
 * The account security baseline (CloudTrail, GuardDuty, Config, Security Hub, Access Analyzer).
 * GuardDuty detectors, Config recorders and Security Hub exist once per account and region, so
 * exactly one profile per account owns the baseline; the others in that account turn it off and
 * the owner lists them in `covers`, which extends the regional services to their regions.
 */
export interface BaselineConfig {
  /** This profile's main environment deploys the baseline stack (per-branch copies never do).
   *  Off where the organization provides the baseline or another profile in the account owns it. */
  readonly enabled: boolean;
  /** Other profiles deployed into the same account, whose regions the baseline also covers. */
  readonly covers: readonly ProfileName[];
  /** Further regions the platform uses, e.g. prod's disaster-recovery region. */
  readonly additionalRegions: readonly string[];
}

export interface ProfileConfig {
  readonly profile: ProfileName;
  readonly region: string;
  /**
   * The AWS account this profile deploys to (12 digits; ACCOUNT_ID overrides). When known, every
   * AWS provider carries allowed_account_ids, so credentials for another account stop Terraform
   * before it plans, and the preflight compares it with the caller's account.
   */
  readonly accountId?: string;
  /** Deletion protection, final snapshots and retained buckets: on for a real production. */
  readonly protection: boolean;
  /**
   * Days every log is kept: every CloudWatch log group (services, flow logs, database, cache,
   * WAF, CloudFront, CloudTrail) and the S3 log buckets. At least 365 when protection is on
   * (PCI DSS 10.5.1: 12 months of audit log history).
   */
  readonly logRetentionDays: number;
  readonly baseline: BaselineConfig;
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  readonly backup: BackupConfig;
  /** Absent: no copy outside the primary region. */
  readonly disasterRecovery?: DisasterRecoveryConfig;
  readonly cache: CacheConfig;
  readonly queue: QueueConfig;
  readonly compute: ComputeConfig;
  readonly alarms: AlarmConfig;
  readonly edge: EdgeConfig;
  readonly ci: CiConfig;
}

/** Where the Terraform state lives; shared by every stack of every environment. */
export interface StateBackendConfig {
  readonly bucket: string;
  readonly region: string;
  readonly lockTable: string;
  /** KMS key of the state objects, as `alias/<name>`: bootstrap creates it; every backend writes with it. */
  readonly kmsKey: string;
  /** S3-native locking (Terraform >= 1.10) in addition to the DynamoDB lock. */
  readonly useLockfile: boolean;
  /** Endpoint overrides for an S3-compatible store and its DynamoDB-compatible lock table. */
  readonly endpoints: StateEndpoints;
  /** Path-style S3 addressing (`<endpoint>/<bucket>/<key>`), which most S3-compatible stores need. */
  readonly usePathStyle: boolean;
}

export interface StateEndpoints {
  /** TF_STATE_S3_ENDPOINT: an http(s) URL; AWS's regional endpoint when unset. */
  readonly s3?: string;
  /** TF_STATE_DYNAMODB_ENDPOINT: an http(s) URL; AWS's regional endpoint when unset. */
  readonly dynamodb?: string;
}

/** Optional ownership tags that CI sets; absent ones are not emitted. */
export interface OwnershipTags {
  readonly Repository?: string;
  readonly Team?: string;
  readonly PRNumber?: string;
  readonly Author?: string;
}

export interface EnvironmentConfig extends ProfileConfig {
  /** Goes into every name: payment-<thing>-<suffix>. */
  readonly suffix: string;
  readonly state: StateBackendConfig;
  readonly ownershipTags: OwnershipTags;
}
