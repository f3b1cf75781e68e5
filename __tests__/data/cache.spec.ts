import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { keyArnOf, synthData } from "./fixture";

describe("Redis cache", () => {
  it("is absent in dev, which disables it", () => {
    const { data: json, outputs } = synthData(configFor("dev"));
    expect(Object.keys(json.resource!).filter((type) => type.startsWith("aws_elasticache_"))).toEqual([]);
    expect(outputs.cache).toBeUndefined();
  });

  describe.each(["staging", "prod"] as const)("%s", (profile) => {
    const config = configFor(profile);
    const { data: json, outputs } = synthData(config);
    const group = onlyResource(json, "aws_elasticache_replication_group");

    it("runs the profile's engine, node type and node count across the AZs", () => {
      expect(group).toMatchObject({
        replication_group_id: `payment-cache-${profile}`,
        engine: "redis",
        engine_version: config.cache.engineVersion,
        node_type: config.cache.nodeType,
        num_cache_clusters: config.cache.nodeCount,
        port: 6379,
      });
      expect(group.preferred_cache_cluster_azs).toEqual(config.network.availabilityZones.slice(0, config.cache.nodeCount));
    });

    it("fails over across AZs because it has more than one node", () => {
      expect(config.cache.nodeCount).toBeGreaterThan(1);
      expect(group).toMatchObject({ automatic_failover_enabled: true, multi_az_enabled: true });
    });

    it("encrypts at rest with the secrets key and in transit", () => {
      expect(group).toMatchObject({
        at_rest_encryption_enabled: "true",
        kms_key_id: keyArnOf(json, `alias/payment-secrets-${profile}`),
        transit_encryption_enabled: true,
      });
    });

    it("lives in the isolated subnets behind the network stack's cache security group", () => {
      const remote = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\.cross-stack-output-[^}]+\}$/;
      expect(onlyResource(json, "aws_elasticache_subnet_group").subnet_ids).toEqual([
        expect.stringMatching(remote),
        expect.stringMatching(remote),
        expect.stringMatching(remote),
      ]);
      expect(group.security_group_ids).toEqual([expect.stringMatching(/security-groups_cache_\w+id\}$/)]);
    });

    it("authenticates an IAM app user through RBAC and disables the default user", () => {
      const users = Object.fromEntries(resourcesOf(json, "aws_elasticache_user").map(([id, u]) => [u.user_name, { id, ...u }]));
      const app = users[`payment-cache-app-${profile}`];
      expect(app).toMatchObject({ user_id: app.user_name, authentication_mode: { type: "iam" }, access_string: "on ~* +@all -@dangerous" });
      expect(app.user_id).toBe(app.user_id.toLowerCase());
      expect(users.default).toMatchObject({ user_id: `payment-cache-default-${profile}`, access_string: "off -@all" });
      const userGroup = onlyResource(json, "aws_elasticache_user_group");
      expect(userGroup.user_ids.sort()).toEqual([`\${aws_elasticache_user.${app.id}.user_id}`, `\${aws_elasticache_user.${users.default.id}.user_id}`].sort());
      expect(group.user_group_ids).toEqual([expect.stringMatching(/^\$\{aws_elasticache_user_group\..+\.user_group_id\}$/)]);
    });

    it("ships the slow log to an encrypted log group", () => {
      expect(group.log_delivery_configuration).toEqual([
        expect.objectContaining({ destination_type: "cloudwatch-logs", log_type: "slow-log", destination: expect.stringMatching(/aws_cloudwatch_log_group\.cache_slow-log/) }),
      ]);
      const slowLog = resourcesOf(json, "aws_cloudwatch_log_group").find(([id]) => id.startsWith("cache_slow-log"))![1];
      expect(slowLog).toMatchObject({ name: `/aws/elasticache/payment-cache-${profile}/slow-log`, retention_in_days: config.logRetentionDays });
    });

    it("keeps snapshots a week and a final one only when protected", () => {
      if (config.protection) {
        expect(group).toMatchObject({ snapshot_retention_limit: 7, final_snapshot_identifier: `payment-cache-final-${profile}` });
      } else {
        expect(group.snapshot_retention_limit).toBe(1);
        expect(group).not.toHaveProperty("final_snapshot_identifier");
      }
    });

    it("hands compute the endpoint, port and IAM user", () => {
      expect(outputs.cache).toEqual({
        primaryEndpoint: expect.any(String),
        port: 6379,
        replicationGroupArn: expect.any(String),
        userArn: expect.any(String),
        userName: expect.any(String),
      });
    });
  });

  it("runs a single node without failover", () => {
    const config = configFor("staging", {}, (p) => ({ ...p, cache: { ...p.cache, nodeCount: 1 } }));
    const group = onlyResource(synthData(config).data, "aws_elasticache_replication_group");
    expect(group).toMatchObject({ num_cache_clusters: 1, automatic_failover_enabled: false, multi_az_enabled: false });
  });
});
