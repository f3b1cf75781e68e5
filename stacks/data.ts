import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { AlbLogBucket } from "../constructs/data/alb-log-bucket";
import { databaseUsers } from "../config/derived";
import { AuroraPostgres, POSTGRES_PORT } from "../constructs/data/aurora";
import { DatabaseBackup } from "../constructs/data/backup";
import { DatabaseRoles } from "../constructs/data/database-roles";
import { ServiceRepositories, SHARED_ECR_OUTPUTS, SharedRepositories, type ServiceImages } from "../constructs/data/ecr";
import { REDIS_PORT, RedisCache } from "../constructs/data/cache";
import { DataKeys } from "../constructs/data/keys";
import { WorkQueue } from "../constructs/data/queues";
import type { AwsAccount } from "../constructs/iam";
import { EXECUTION_ROLE_PATTERN } from "../config/names";
import { PROFILES } from "../config/profiles";
import { SERVICE_TAG } from "../constructs/compute/service-iam";
import { backendConfig, mainEnvironment, PaymentStack, type PaymentStackProps } from "./base";
import type { DataOutputs, NetworkOutputs } from "../constructs/contracts";

/** This environment's buckets in its region (data's and edge's), which log to its access-log bucket. */
const REGIONAL_BUCKETS = ["alb-logs", "frontend"];


export interface DataStackProps extends PaymentStackProps {
  readonly network: NetworkOutputs;
}

/**
 * KMS keys, Aurora PostgreSQL with its service roles and AWS Backup, secrets, the transactions queue, Redis,
 * the ALB log bucket and the ECR repositories: everything that outlives compute, deployed
 * before it so images can be pushed before any task starts.
 */
export class DataStack extends PaymentStack {
  readonly outputs: DataOutputs;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, "data", props);
    const { config, names } = this;
    const { network } = props;
    const name = (thing: string) => names.of(thing);
    const { account } = this;
    const applyImmediately = config.profile !== "prod";

    const keys = new DataKeys(this, "keys", {
      account,
      region: config.region,
      alias: (use) => names.kmsAlias(use),
      protection: config.protection,
    });

    const database = new AuroraPostgres(this, "database", {
      name,
      database: config.database,
      availabilityZones: config.network.availabilityZones,
      subnetIds: network.isolatedSubnetIds,
      securityGroupId: network.securityGroupIds.db,
      storageKeyArn: keys.db.arn,
      secretKeyArn: keys.secrets.arn,
      logsKeyArn: keys.logs.arn,
      logRetentionDays: config.logRetentionDays,
      protection: config.protection,
      applyImmediately,
    });

    // No db.<zone> CNAME: IAM auth tokens and verify-full both need the endpoint's own name.
    const users = databaseUsers(config);
    new DatabaseRoles(this, "database-roles", {
      name: name("db-roles"),
      account,
      region: config.region,
      clusterArn: database.cluster.arn,
      clusterResourceId: database.resourceId,
      databaseName: config.database.databaseName,
      users,
      masterSecretArn: database.secretArn,
      secretsKeyArn: keys.secrets.arn,
      logsKeyArn: keys.logs.arn,
      logRetentionDays: config.logRetentionDays,
      dependsOn: [database.writer],
    });

    const dr = config.disasterRecovery;
    const backup = new DatabaseBackup(this, "backup", {
      account,
      name,
      restoreTestingName: (thing) => names.restoreTesting(thing),
      region: config.region,
      clusterArn: database.cluster.arn,
      clusterIdentifier: database.cluster.clusterIdentifier,
      databaseKeyArn: keys.db.arn,
      keyAlias: names.kmsAlias("backup"),
      schedule: config.backup.schedule,
      retentionDays: config.backup.retentionDays,
      restoreTesting: config.backup.restoreTesting,
      restoreSubnetGroupName: database.cluster.dbSubnetGroupName,
      restoreSecurityGroupId: network.securityGroupIds.db,
      protection: config.protection,
      copy: dr ? { region: dr.region, retentionDays: dr.copyRetentionDays, provider: this.providerFor(dr.region) } : undefined,
    });

    // Operators put the value (help/secrets.md); no version here keeps it out of code and state.
    const apiKeys = new SecretsmanagerSecret(this, "api-keys", {
      name: names.apiKeysSecret(),
      description: "Third-party API keys used by the payment services (JSON object)",
      kmsKeyId: keys.secrets.arn,
      recoveryWindowInDays: config.protection ? 7 : 0,
    });

    const queues = new WorkQueue(this, "transactions", {
      name: name("transactions"),
      deadLetterName: name("transactions-dlq"),
      queue: config.queue,
      kmsKeyArn: keys.secrets.arn,
    });

    const cache = config.cache.enabled
      ? new RedisCache(this, "cache", {
          name,
          cache: config.cache,
          availabilityZones: config.network.availabilityZones,
          subnetIds: network.isolatedSubnetIds,
          securityGroupId: network.securityGroupIds.cache,
          kmsKeyArn: keys.secrets.arn,
          logsKeyArn: keys.logs.arn,
          logRetentionDays: config.logRetentionDays,
          protection: config.protection,
          applyImmediately,
        })
      : undefined;

    const accessLogs = new AccessLogBucket(this, "access-logs", {
      bucketName: names.bucket("access-logs", account.accountId),
      account,
      sourceBucketArns: REGIONAL_BUCKETS.map((thing) => `arn:${account.partition}:s3:::${names.bucket(thing, account.accountId)}`),
      expireAfterDays: config.logRetentionDays,
      forceDestroy: !config.protection,
    });
    const albLogs = new AlbLogBucket(this, "alb-logs", {
      bucketName: names.bucket("alb-logs", account.accountId),
      account,
      expireAfterDays: config.logRetentionDays,
      noncurrentVersionExpiryDays: 30,
      forceDestroy: !config.protection,
      accessLogs: accessLogs.target,
    });

    const images = this.images(account);

    this.outputs = {
      databaseClusterIdentifier: database.cluster.clusterIdentifier,
      databaseClusterEndpoint: database.cluster.endpoint,
      databaseReaderEndpoint: database.cluster.readerEndpoint,
      databaseClusterResourceId: database.resourceId,
      databasePort: POSTGRES_PORT,
      databaseName: config.database.databaseName,
      databaseUsers: Object.fromEntries(users.map((u) => [u.service, u.user])),
      databaseKeyArn: keys.db.arn,
      secretsKeyArn: keys.secrets.arn,
      logsKeyArn: keys.logs.arn,
      apiKeysSecretArn: apiKeys.arn,
      queueUrl: queues.queue.url,
      queueArn: queues.queue.arn,
      queueName: queues.queue.name,
      deadLetterQueueUrl: queues.deadLetter.url,
      deadLetterQueueArn: queues.deadLetter.arn,
      deadLetterQueueName: queues.deadLetter.name,
      ...(cache
        ? {
            cache: {
              primaryEndpoint: cache.replicationGroup.primaryEndpointAddress,
              port: REDIS_PORT,
              replicationGroupArn: cache.replicationGroup.arn,
              userArn: cache.appUser.arn,
              userName: cache.appUser.userName,
            },
          }
        : {}),
      albLogBucketName: albLogs.bucketName,
      accessLogBucketName: accessLogs.bucketName,
      ecrRepositories: images.byService,
      ecrKeyArn: images.keyArn,
      ecrRegion: config.compute.ecrShareFrom ? PROFILES[config.compute.ecrShareFrom].region : config.region,
    };

    const outputs: Record<string, [string, string]> = {
      database_cluster_endpoint: [this.outputs.databaseClusterEndpoint, "Aurora writer endpoint"],
      database_reader_endpoint: [this.outputs.databaseReaderEndpoint, "Aurora reader endpoint"],
      database_cluster_resource_id: [this.outputs.databaseClusterResourceId, "cluster-XXXX in arn:aws:rds-db:<region>:<account>:dbuser:<id>/<role>"],
      db_secret_arn: [database.secretArn, "RDS-managed master secret: break-glass only, no service reads it (help/secrets.md)"],
      transactions_queue_url: [this.outputs.queueUrl, "Transactions queue URL"],
      alb_log_bucket_name: [this.outputs.albLogBucketName, "ALB access log bucket"],
      backup_vault_name: [backup.vault.vault.name, "AWS Backup vault of the database (help/disaster-recovery.md)"],
    };
    if (backup.copyVault) {
      outputs.backup_copy_vault_arn = [backup.copyVault.vault.arn, `AWS Backup vault in ${dr!.region} holding the copies`];
    }
    for (const [id, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value, description });
    }
    const services = config.compute.services.map((s) => s.name);
    const byService = (pick: (r: { url: string; arn: string }) => string) => Object.fromEntries(services.map((s) => [s, pick(images.byService[s])]));
    new TerraformOutput(this, SHARED_ECR_OUTPUTS.urls, { value: byService((r) => r.url), description: "Service -> ECR repository URL (push images here)" });
    if (images instanceof ServiceRepositories) {
      // Read by environments that share these repositories (compute.ecrShareFrom).
      new TerraformOutput(this, SHARED_ECR_OUTPUTS.arns, { value: byService((r) => r.arn), description: "Service -> ECR repository ARN" });
      new TerraformOutput(this, SHARED_ECR_OUTPUTS.key, { value: images.keyArn, description: "KMS key of the images" });
    }
  }

  /** This environment's repositories, or the owner's when the profile shares them. */
  private images(account: AwsAccount): ServiceImages {
    const { config, names } = this;
    const services = config.compute.services.map((s) => s.name);
    const owner = config.compute.ecrShareFrom;
    if (owner) {
      // An owner is a profile's main environment, whose suffix is the profile name.
      return new SharedRepositories(this, "shared-ecr", { ownerState: backendConfig(config, "data", mainEnvironment(owner)), services });
    }
    return new ServiceRepositories(this, "ecr", {
      account,
      repositories: Object.fromEntries(services.map((s) => [s, names.of(s)])),
      pullerRolePattern: EXECUTION_ROLE_PATTERN,
      pullerServiceTag: SERVICE_TAG,
      keyAlias: names.kmsAlias("ecr"),
      keyDeletionWindowInDays: config.protection ? 30 : 7,
      forceDelete: !config.protection,
    });
  }
}
