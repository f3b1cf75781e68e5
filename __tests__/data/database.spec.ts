import { PROFILE_NAMES, type ProfileName } from "../../config/types";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { keyArnOf, synthData } from "./fixture";

const BACKUP_DAYS: Record<ProfileName, number> = { dev: 7, staging: 14, prod: 30 };

describe.each(PROFILE_NAMES)("Aurora PostgreSQL (%s)", (profile) => {
  const config = configFor(profile);
  const { data: json } = synthData(config);
  const cluster = onlyResource(json, "aws_rds_cluster");
  const instances = resourcesOf(json, "aws_rds_cluster_instance").map(([, i]) => i);
  const dbKey = keyArnOf(json, `alias/payment-db-${profile}`);
  const secretsKey = keyArnOf(json, `alias/payment-secrets-${profile}`);

  it("is Serverless v2 aurora-postgresql at the profile's version and capacity", () => {
    expect(cluster).toMatchObject({
      cluster_identifier: `payment-db-${profile}`,
      engine: "aurora-postgresql",
      engine_version: config.database.engineVersion,
      database_name: "payments",
      port: 5432,
    });
    expect(cluster.serverlessv2_scaling_configuration).toMatchObject({
      min_capacity: config.database.minCapacityAcu,
      max_capacity: config.database.maxCapacityAcu,
    });
  });

  it("pauses only a scale-to-zero cluster", () => {
    const pause = cluster.serverlessv2_scaling_configuration.seconds_until_auto_pause;
    expect(pause).toBe(config.database.minCapacityAcu === 0 ? config.database.autoPauseSeconds : undefined);
  });

  it("encrypts storage and the master secret with customer keys, and lets RDS own the password", () => {
    expect(cluster).toMatchObject({
      storage_encrypted: true,
      kms_key_id: dbKey,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: secretsKey,
      iam_database_authentication_enabled: true,
    });
    expect(cluster).not.toHaveProperty("master_password");
    expect(cluster).not.toHaveProperty("master_password_wo");
  });

  it(`keeps backups ${BACKUP_DAYS[profile]} days in the profile's windows`, () => {
    expect(cluster).toMatchObject({
      backup_retention_period: BACKUP_DAYS[profile],
      preferred_backup_window: config.database.backupWindow,
      preferred_maintenance_window: config.database.maintenanceWindow,
      copy_tags_to_snapshot: true,
    });
  });

  it("forces TLS and logs slow statements through the cluster parameter group", () => {
    const group = onlyResource(json, "aws_rds_cluster_parameter_group");
    expect(group).toMatchObject({ name: `payment-db-${profile}`, family: "aurora-postgresql16" });
    const params = Object.fromEntries(group.parameter.map((p: { name: string; value: string }) => [p.name, p.value]));
    expect(params["rds.force_ssl"]).toBe("1");
    expect(params.log_min_duration_statement).toBe(String(config.database.slowQueryLogMs));
    expect(params.log_connections).toBe("1");
    expect(cluster.db_cluster_parameter_group_name).toContain("aws_rds_cluster_parameter_group.");
  });

  it("exports postgresql logs into a KMS-encrypted group created before the cluster", () => {
    expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["postgresql"]);
    const [[id, group]] = resourcesOf(json, "aws_cloudwatch_log_group").filter(([, g]) => g.name.startsWith("/aws/rds/"));
    expect(group).toMatchObject({
      name: `/aws/rds/cluster/payment-db-${profile}/postgresql`,
      retention_in_days: config.logRetentionDays,
      kms_key_id: keyArnOf(json, `alias/payment-logs-${profile}`),
    });
    expect(cluster.depends_on).toContain(`aws_cloudwatch_log_group.${id}`);
  });

  it("has one writer and readerCount readers on db.serverless, round-robin over the AZs", () => {
    expect(instances).toHaveLength(1 + config.database.readerCount);
    const byId = Object.fromEntries(instances.map((i) => [i.identifier, i]));
    const zones = config.network.availabilityZones;
    expect(byId[`payment-db-writer-${profile}`]).toMatchObject({ availability_zone: zones[0], promotion_tier: 0 });
    for (let n = 1; n <= config.database.readerCount; n++) {
      const reader = byId[`payment-db-reader-${n}-${profile}`];
      expect(reader).toMatchObject({ availability_zone: zones[n % zones.length], promotion_tier: 1 });
      expect(reader.depends_on).toEqual([expect.stringMatching(/^aws_rds_cluster_instance\.database_writer_/)]);
    }
    instances.forEach((i) =>
      expect(i).toMatchObject({ instance_class: "db.serverless", engine: "aurora-postgresql", publicly_accessible: false }),
    );
  });

  it("turns Performance Insights on for every instance, encrypted with the db key", () => {
    instances.forEach((i) =>
      expect(i).toMatchObject({
        performance_insights_enabled: true,
        performance_insights_kms_key_id: dbKey,
        performance_insights_retention_period: 7,
      }),
    );
  });

  it("applies changes immediately everywhere but prod", () => {
    const immediate = profile !== "prod";
    expect(cluster.apply_immediately).toBe(immediate);
    instances.forEach((i) => expect(i.apply_immediately).toBe(immediate));
  });

  it("publishes no CNAME for the database: clients need the endpoint's own name for verify-full and IAM tokens", () => {
    expect(resourcesOf(json, "aws_route53_record")).toEqual([]);
  });

  it("turns automatic minor upgrades off on every instance, so no plan tries to downgrade the pinned version", () => {
    instances.forEach((i) => expect(i.auto_minor_version_upgrade).toBe(false));
    expect(cluster.engine_version).toBe(config.database.engineVersion);
    // The provider has no cluster-level switch for Aurora; the instances decide.
    expect(cluster).not.toHaveProperty("allow_major_version_upgrade");
  });

  it("enables the Data API and IAM authentication for the database-roles step", () => {
    expect(cluster).toMatchObject({ enable_http_endpoint: true, iam_database_authentication_enabled: true });
  });

  it("sets the managed secret's rotation to the profile's schedule without a Lambda", () => {
    const rotation = onlyResource(json, "aws_secretsmanager_secret_rotation");
    expect(rotation).toMatchObject({
      secret_id: expect.stringMatching(/^\$\{aws_rds_cluster\..+\.master_user_secret\[0\]\.secret_arn\}$/),
      rotation_rules: { automatically_after_days: config.database.secretRotationDays },
      rotate_immediately: false,
    });
    expect(rotation).not.toHaveProperty("rotation_lambda_arn");
  });
});

describe("protection switch", () => {
  it("dev and staging are destroyable: no deletion protection, final snapshot skipped", () => {
    for (const profile of ["dev", "staging"] as const) {
      const cluster = onlyResource(synthData(configFor(profile)).data, "aws_rds_cluster");
      expect(cluster).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
      expect(cluster).not.toHaveProperty("final_snapshot_identifier");
    }
  });

  it("prod is protected and keeps a final snapshot", () => {
    const cluster = onlyResource(synthData(configFor("prod")).data, "aws_rds_cluster");
    expect(cluster).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "payment-db-final-prod",
    });
  });

  it("follows config.protection, not the profile name", () => {
    const json = synthData(configFor("staging", {}, (p) => ({ ...p, protection: true, logRetentionDays: 365, alarms: { ...p.alarms, notificationEmails: ["oncall@acme.com"] } }))).data;
    expect(onlyResource(json, "aws_rds_cluster")).toMatchObject({ deletion_protection: true, skip_final_snapshot: false });
    expect(onlyResource(json, "aws_rds_cluster").apply_immediately).toBe(true);
    expect(onlyResource(json, "aws_secretsmanager_secret").recovery_window_in_days).toBe(7);
    expect(resourcesOf(json, "aws_s3_bucket").map(([, b]) => b.force_destroy)).toEqual(resourcesOf(json, "aws_s3_bucket").map(() => false));
    expect(onlyResource(json, "aws_elasticache_replication_group").snapshot_retention_limit).toBe(7);
  });
});
