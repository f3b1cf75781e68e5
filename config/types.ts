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
  /** Days VPC flow logs are kept (a CloudWatch Logs retention value). */
  readonly flowLogRetentionDays: number;
  /** Peer this VPC with another profile's VPC (this side requests). */
  readonly peerWith?: ProfileName;
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
  /** Path patterns the ALB routes to this service; absent = internal only (Cloud Map). */
  readonly albPathPatterns?: readonly string[];
  readonly queueAccess: QueueAccess;
  /** Whether the service reads the third-party API keys secret. */
  readonly usesApiKeys: boolean;
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
  /** Days container logs are kept. */
  readonly logRetentionDays: number;
  /** Seconds the ALB waits for in-flight requests before deregistering a target. */
  readonly deregistrationDelaySeconds: number;
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

export interface EdgeConfig {
  readonly priceClass: PriceClass;
  /** WAF rate-based rule: requests per 5 minutes per client IP. */
  readonly wafRateLimit: number;
  /** Narrow the ALB security group to CloudFront's origin-facing prefix list. */
  readonly restrictAlbToCloudFront: boolean;
  readonly domain?: DomainConfig;
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
  readonly network: NetworkConfig;
  readonly database: DatabaseConfig;
  readonly cache: CacheConfig;
  readonly queue: QueueConfig;
  readonly compute: ComputeConfig;
  readonly alarms: AlarmConfig;
  readonly edge: EdgeConfig;
}

/** Where the Terraform state lives; shared by every stack of every environment. */
export interface StateBackendConfig {
  readonly bucket: string;
  readonly region: string;
  readonly lockTable: string;
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
