import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { AlbLogBucket } from "../constructs/data/alb-log-bucket";
import { AuroraPostgres, POSTGRES_PORT } from "../constructs/data/aurora";
import { REDIS_PORT, RedisCache } from "../constructs/data/cache";
import { DataKeys } from "../constructs/data/keys";
import { WorkQueue } from "../constructs/data/queues";
import { AwsAccount } from "../constructs/iam";
import { PaymentStack, type PaymentStackProps } from "./base";
import type { DataOutputs, NetworkOutputs } from "../constructs/contracts";

/** Database and cache logs; the platform keeps logs 30 days. */
const LOG_RETENTION_DAYS = 30;
/** Private-zone CNAMEs follow a failover within a minute. */
const PRIVATE_RECORD_TTL = 60;

export interface DataStackProps extends PaymentStackProps {
  readonly network: NetworkOutputs;
}

/** KMS keys, Aurora PostgreSQL, secrets, the transactions queue, Redis and the ALB log bucket. */
export class DataStack extends PaymentStack {
  readonly outputs: DataOutputs;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, "data", props);
    const { config, names } = this;
    const { network } = props;
    const name = (thing: string) => names.of(thing);
    const account = new AwsAccount(this, "account");
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
      logRetentionDays: LOG_RETENTION_DAYS,
      protection: config.protection,
      applyImmediately,
    });

    const hosts = { db: database.cluster.endpoint, "db-ro": database.cluster.readerEndpoint };
    for (const [label, target] of Object.entries(hosts)) {
      new Route53Record(this, `${label}-record`, {
        zoneId: network.privateZoneId,
        name: `${label}.${network.privateZoneName}`,
        type: "CNAME",
        ttl: PRIVATE_RECORD_TTL,
        records: [target],
      });
    }

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
          logRetentionDays: LOG_RETENTION_DAYS,
          protection: config.protection,
          applyImmediately,
        })
      : undefined;

    const albLogs = new AlbLogBucket(this, "alb-logs", {
      bucketName: names.bucket("alb-logs", account.accountId),
      account,
      expireAfterDays: 90,
      noncurrentVersionExpiryDays: 30,
      forceDestroy: !config.protection,
    });

    this.outputs = {
      databaseClusterIdentifier: database.cluster.clusterIdentifier,
      databaseClusterEndpoint: database.cluster.endpoint,
      databaseReaderEndpoint: database.cluster.readerEndpoint,
      databaseHost: `db.${network.privateZoneName}`,
      databaseReaderHost: `db-ro.${network.privateZoneName}`,
      databasePort: POSTGRES_PORT,
      databaseName: config.database.databaseName,
      databaseSecretArn: database.secretArn,
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
    };

    const outputs: Record<string, [string, string]> = {
      database_cluster_endpoint: [this.outputs.databaseClusterEndpoint, "Aurora writer endpoint"],
      database_reader_endpoint: [this.outputs.databaseReaderEndpoint, "Aurora reader endpoint"],
      db_secret_arn: [this.outputs.databaseSecretArn, "RDS-managed master secret (username and password)"],
      transactions_queue_url: [this.outputs.queueUrl, "Transactions queue URL"],
      alb_log_bucket_name: [this.outputs.albLogBucketName, "ALB access log bucket"],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value, description });
    }
  }
}
