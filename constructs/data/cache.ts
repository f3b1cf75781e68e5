import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { Construct } from "constructs";
import type { CacheConfig } from "../../config/types";

export const REDIS_PORT = 6379;
/** Everything except commands that can take the cache down or read its configuration. */
export const APP_ACCESS_STRING = "on ~* +@all -@dangerous";

export interface RedisCacheProps {
  /** payment-<thing>-<suffix> */
  readonly name: (thing: string) => string;
  readonly cache: CacheConfig;
  /** Nodes are placed round-robin over these. */
  readonly availabilityZones: readonly string[];
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  /** At-rest encryption. */
  readonly kmsKeyArn: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /** Keeps a week of snapshots and a final one on delete. */
  readonly protection: boolean;
  readonly applyImmediately: boolean;
}

/**
 * ElastiCache Redis with encryption at rest (customer key) and in transit, and RBAC users
 * instead of an AUTH token: the app authenticates as an IAM-authenticated user (short-lived
 * SigV4 tokens, elasticache:Connect), and the mandatory `default` user is switched off.
 * No password exists anywhere.
 */
export class RedisCache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly appUser: ElasticacheUser;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const { cache, name } = props;
    const groupId = name("cache");
    const redundant = cache.nodeCount > 1;

    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name: groupId,
      description: "Isolated subnets of the payment cache",
      subnetIds: [...props.subnetIds],
    });

    // IAM authentication requires user_id == user_name.
    const appUserId = name("cache-app");
    this.appUser = new ElasticacheUser(this, "app-user", {
      userId: appUserId,
      userName: appUserId,
      engine: "redis",
      accessString: APP_ACCESS_STRING,
      authenticationMode: { type: "iam" },
    });
    // A user group must hold a user named `default`; this one is disabled and has no rights.
    const defaultUser = new ElasticacheUser(this, "default-user", {
      userId: name("cache-default"),
      userName: "default",
      engine: "redis",
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
    });
    const userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: name("cache-users"),
      engine: "redis",
      userIds: [defaultUser.userId, this.appUser.userId],
    });

    const slowLog = new CloudwatchLogGroup(this, "slow-log", {
      name: `/aws/elasticache/${groupId}/slow-log`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });

    this.replicationGroup = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: groupId,
      description: "Payment platform cache",
      engine: "redis",
      engineVersion: cache.engineVersion,
      nodeType: cache.nodeType,
      numCacheClusters: cache.nodeCount,
      preferredCacheClusterAzs: Array.from(
        { length: cache.nodeCount },
        (_, i) => props.availabilityZones[i % props.availabilityZones.length],
      ),
      port: REDIS_PORT,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [props.securityGroupId],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      userGroupIds: [userGroup.userGroupId],
      automaticFailoverEnabled: redundant,
      multiAzEnabled: redundant,
      snapshotRetentionLimit: props.protection ? 7 : 1,
      ...(props.protection ? { finalSnapshotIdentifier: name("cache-final") } : {}),
      logDeliveryConfiguration: [
        { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
      ],
      applyImmediately: props.applyImmediately,
    });
  }
}
