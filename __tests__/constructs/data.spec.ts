import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import { Names } from "../../config/names";
import { PROFILES } from "../../config/profiles";
import type { DatabaseConfig, ProfileName } from "../../config/types";
import { AURORA_POSTGRES_VERSIONS } from "../../config/validation/data";
import { AuroraPostgres, POSTGRES_PORT } from "../../constructs/data/aurora";
import { AuroraParameters, parameterFamily } from "../../constructs/data/aurora-parameters";
import { EncryptedBackupVault } from "../../constructs/data/backup";
import { DataKeys } from "../../constructs/data/keys";
import { AwsAccount } from "../../constructs/iam";
import { ENCRYPT_DECRYPT } from "../../constructs/kms-key";
import { onlyResource, resourcesOf, snapshotView, synthConstruct } from "../support/synth";
import { addressOf, bodiesBy, KMS_DELETION_WINDOW, refTo, statementsOf } from "./data-support";

const KEYS = {
  storage: "arn:aws:kms:us-east-1:123456789012:key/storage",
  secret: "arn:aws:kms:us-east-1:123456789012:key/secret",
  logs: "arn:aws:kms:us-east-1:123456789012:key/logs",
};
const SUBNETS = ["subnet-a", "subnet-b", "subnet-c"];

describe("AuroraPostgres (synthScope)", () => {
  const synth = (profile: ProfileName, database: DatabaseConfig = PROFILES[profile].database) => {
    const config = PROFILES[profile];
    const names = Names.main(profile);
    return synthConstruct((scope) => {
      const aurora = new AuroraPostgres(scope, "database", {
        name: (thing) => names.of(thing),
        database,
        availabilityZones: config.network.availabilityZones,
        subnetIds: SUBNETS,
        securityGroupId: "sg-db",
        storageKeyArn: KEYS.storage,
        secretKeyArn: KEYS.secret,
        logsKeyArn: KEYS.logs,
        logRetentionDays: config.logRetentionDays,
        protection: config.protection,
        applyImmediately: profile !== "prod",
      });
      new TerraformOutput(scope, "secret_arn", { value: aurora.secretArn });
      new TerraformOutput(scope, "resource_id", { value: aurora.resourceId });
    });
  };

  describe.each(["prod", "dev"] as const)("%s", (profile) => {
    const config = PROFILES[profile];
    const db = config.database;
    const names = Names.main(profile);
    const json = synth(profile);
    const cluster = onlyResource(json, "aws_rds_cluster");
    const cluster_ = (attribute: string) => refTo(json, "aws_rds_cluster", attribute);
    const instances = bodiesBy(json, "aws_rds_cluster_instance", "identifier");

    it("encrypts storage with the customer key and keeps the master password out of Terraform", () => {
      expect(cluster).toMatchObject({
        cluster_identifier: names.of("db"),
        engine: "aurora-postgresql",
        engine_mode: "provisioned",
        engine_version: db.engineVersion,
        database_name: db.databaseName,
        master_username: db.masterUsername,
        storage_encrypted: true,
        kms_key_id: KEYS.storage,
        manage_master_user_password: true,
        master_user_secret_kms_key_id: KEYS.secret,
        port: POSTGRES_PORT,
      });
      expect(cluster.master_password).toBeUndefined();
      expect(json.output?.secret_arn.value).toBe(cluster_("master_user_secret[0].secret_arn"));
      expect(json.output?.resource_id.value).toBe(cluster_("cluster_resource_id"));
    });

    it("authenticates services with IAM and offers the Data API for the role setup", () => {
      expect(cluster.iam_database_authentication_enabled).toBe(true);
      expect(cluster.enable_http_endpoint).toBe(true);
    });

    it("scales Serverless v2 within the profile's capacity, pausing only a cluster allowed to reach 0 ACU", () => {
      expect(cluster.serverlessv2_scaling_configuration).toEqual({
        min_capacity: db.minCapacityAcu,
        max_capacity: db.maxCapacityAcu,
        ...(db.minCapacityAcu === 0 ? { seconds_until_auto_pause: db.autoPauseSeconds } : {}),
      });
    });

    it("keeps the profile's backups and windows", () => {
      expect(cluster).toMatchObject({
        backup_retention_period: db.backupRetentionDays,
        preferred_backup_window: db.backupWindow,
        preferred_maintenance_window: db.maintenanceWindow,
        copy_tags_to_snapshot: true,
        apply_immediately: profile !== "prod",
      });
    });

    it("has deletion protection and a final snapshot exactly when the profile is protected", () => {
      expect(cluster.deletion_protection).toBe(config.protection);
      expect(cluster.skip_final_snapshot).toBe(!config.protection);
      expect(cluster.final_snapshot_identifier).toBe(config.protection ? names.of("db-final") : undefined);
    });

    it("exports PostgreSQL logs into its own KMS-encrypted log group, created first", () => {
      const logGroup = onlyResource(json, "aws_cloudwatch_log_group");
      // The name RDS exports into: any other and RDS creates an unencrypted group that never expires.
      expect(logGroup).toEqual({ name: `/aws/rds/cluster/${names.of("db")}/postgresql`, kms_key_id: KEYS.logs, retention_in_days: config.logRetentionDays });
      expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["postgresql"]);
      expect(cluster.depends_on).toEqual([addressOf(json, "aws_cloudwatch_log_group")]);
    });

    it("places the cluster in the given subnets behind the database security group, with its TLS parameter group", () => {
      expect(onlyResource(json, "aws_db_subnet_group")).toMatchObject({ name: names.of("db"), subnet_ids: SUBNETS });
      expect(cluster).toMatchObject({
        db_subnet_group_name: refTo(json, "aws_db_subnet_group", "name"),
        vpc_security_group_ids: ["sg-db"],
        db_cluster_parameter_group_name: refTo(json, "aws_rds_cluster_parameter_group", "name"),
      });
    });

    it("runs a writer and readerCount readers round-robin over the AZs, the readers after the writer", () => {
      const roles = ["writer", ...Array.from({ length: db.readerCount }, (_, i) => `reader-${i + 1}`)];
      expect(Object.keys(instances).sort()).toEqual(roles.map((role) => names.of(`db-${role}`)).sort());
      const [writerName] = resourcesOf(json, "aws_rds_cluster_instance").find(([, i]) => i.identifier === names.of("db-writer"))!;
      roles.forEach((role, index) => {
        const instance = instances[names.of(`db-${role}`)];
        const azs = config.network.availabilityZones;
        expect(instance).toMatchObject({ availability_zone: azs[index % azs.length], promotion_tier: index === 0 ? 0 : 1 });
        expect(instance.depends_on).toEqual(index === 0 ? [] : [`aws_rds_cluster_instance.${writerName}`]);
      });
    });

    it("keeps every instance private, on the pinned engine (no automatic minor upgrades) and with encrypted Performance Insights", () => {
      for (const instance of Object.values(instances)) {
        expect(instance).toMatchObject({
          cluster_identifier: cluster_("id"),
          engine: "aurora-postgresql",
          engine_version: cluster_("engine_version"),
          instance_class: "db.serverless",
          publicly_accessible: false,
          auto_minor_version_upgrade: false,
          performance_insights_enabled: true,
          performance_insights_kms_key_id: KEYS.storage,
        });
      }
    });

    it("rotates the RDS-managed master secret on the profile's schedule, without a Lambda", () => {
      expect(onlyResource(json, "aws_secretsmanager_secret_rotation")).toEqual({
        secret_id: cluster_("master_user_secret[0].secret_arn"),
        rotation_rules: { automatically_after_days: db.secretRotationDays },
        rotate_immediately: false,
      });
    });
  });

  it("never sets an auto-pause delay on a cluster whose minimum capacity is above 0", () => {
    const db = PROFILES.prod.database;
    const json = synth("prod", { ...db, autoPauseSeconds: PROFILES.dev.database.autoPauseSeconds });
    expect(onlyResource(json, "aws_rds_cluster").serverlessv2_scaling_configuration.seconds_until_auto_pause).toBeUndefined();
  });

  it("matches its snapshot", () => {
    expect(snapshotView(synth("dev"))).toMatchSnapshot();
  });
});

describe("AuroraParameters (synthScope)", () => {
  const db = PROFILES.prod.database;
  const json = synthConstruct((scope) => {
    new AuroraParameters(scope, "parameters", { name: "payment-db-prod", engineVersion: db.engineVersion, slowQueryLogMs: db.slowQueryLogMs });
  });
  const group = onlyResource(json, "aws_rds_cluster_parameter_group");
  const parameters = Object.fromEntries(group.parameter.map((p: { name: string; value: string }) => [p.name, p.value]));

  it("derives the parameter family from the engine's major version", () => {
    expect(group).toMatchObject({ name: "payment-db-prod", family: parameterFamily(db.engineVersion) });
    expect(parameterFamily("16.6")).toBe("aurora-postgresql16");
    expect(parameterFamily("17.4")).toBe("aurora-postgresql17");
    for (const version of AURORA_POSTGRES_VERSIONS) expect(parameterFamily(version)).toBe(`aurora-postgresql${version.split(".")[0]}`);
  });

  it("refuses connections without TLS", () => {
    expect(parameters["rds.force_ssl"]).toBe("1");
  });

  it("logs slow statements at the profile's threshold, connections, lock waits and schema changes", () => {
    expect(parameters).toEqual({
      "rds.force_ssl": "1",
      log_min_duration_statement: String(db.slowQueryLogMs),
      log_connections: "1",
      log_disconnections: "1",
      log_lock_waits: "1",
      log_statement: "ddl",
    });
  });

  it("applies every parameter immediately (all are dynamic, no reboot)", () => {
    for (const parameter of group.parameter) expect(parameter.apply_method).toBe("immediate");
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("DataKeys (synthScope)", () => {
  const synth = (profile: ProfileName) => {
    const names = Names.main(profile);
    return synthConstruct((scope) => {
      new DataKeys(scope, "keys", {
        account: new AwsAccount(scope, "account"),
        region: PROFILES[profile].region,
        alias: (use) => names.kmsAlias(use),
        protection: PROFILES[profile].protection,
      });
    });
  };

  describe.each(["prod", "dev"] as const)("%s", (profile) => {
    const { region, protection } = PROFILES[profile];
    const names = Names.main(profile);
    const json = synth(profile);
    const keysByAddress = Object.fromEntries(resourcesOf(json, "aws_kms_key").map(([name, key]) => [`\${aws_kms_key.${name}.key_id}`, key]));
    const aliases = bodiesBy(json, "aws_kms_alias", "target_key_id");
    /** The key behind alias/payment-<use>-<id>. */
    const keyFor = (use: string) => {
      const [address] = Object.entries(aliases).find(([, alias]) => alias.name === names.kmsAlias(use))!;
      return keysByAddress[address];
    };

    it("creates one rotating key per use, each behind its own alias", () => {
      expect(Object.values(aliases).map((a) => a.name).sort()).toEqual(["db", "logs", "secrets"].map((use) => names.kmsAlias(use)));
      expect(Object.keys(aliases).sort()).toEqual(Object.keys(keysByAddress).sort());
      for (const key of Object.values(keysByAddress)) expect(key.enable_key_rotation).toBe(true);
    });

    it("waits the longest deletion window only when the profile is protected", () => {
      for (const key of Object.values(keysByAddress)) expect(key.deletion_window_in_days).toBe(protection ? KMS_DELETION_WINDOW.protected : KMS_DELETION_WINDOW.unprotected);
    });

    it("delegates the database key to IAM alone: RDS and Performance Insights use it through the caller's grants", () => {
      expect(statementsOf(keyFor("db"))).toEqual([
        { Sid: "AccountRootAdministers", Effect: "Allow", Principal: { AWS: expect.stringMatching(/:root$/) }, Action: "kms:*", Resource: "*" },
      ]);
    });

    it("lets CloudWatch alarms use the secrets key only for this account's SNS topics in the region", () => {
      const [, alarms, ...rest] = statementsOf(keyFor("secrets"));
      expect(rest).toEqual([]);
      expect(alarms).toEqual({
        Sid: "Service0",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:sns:topicArn": expect.stringMatching(new RegExp(`:sns:${region}:\\$\\{data\\.aws_caller_identity\\.[^}]+\\}:\\*$`)) } },
      });
    });

    it("lets the regional CloudWatch Logs service use the logs key only for this account's log groups", () => {
      const [, logs, ...rest] = statementsOf(keyFor("logs"));
      expect(rest).toEqual([]);
      expect(logs).toMatchObject({ Effect: "Allow", Principal: { Service: `logs.${region}.amazonaws.com` }, Action: [...ENCRYPT_DECRYPT] });
      expect(logs.Condition).toEqual({
        ArnLike: { "kms:EncryptionContext:aws:logs:arn": expect.stringMatching(new RegExp(`:logs:${region}:\\$\\{data\\.aws_caller_identity\\.[^}]+\\}:log-group:\\*$`)) },
      });
    });

    it("grants no key to every principal of the account", () => {
      for (const key of Object.values(keysByAddress)) {
        for (const statement of statementsOf(key)) expect(statement.Principal).not.toBe("*");
      }
    });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(synth("dev"))).toMatchSnapshot();
  });
});

describe("EncryptedBackupVault (synthScope)", () => {
  const prod = PROFILES.prod;
  const names = Names.main("prod");
  const drRegion = prod.disasterRecovery!.region;
  const synth = (options: { lockRetentionDays?: number; dr: boolean }) =>
    synthConstruct((scope) => {
      const provider = options.dr ? new AwsProvider(scope, "dr", { region: drRegion, alias: drRegion.replace(/-/g, "_") }) : undefined;
      new EncryptedBackupVault(scope, "vault", {
        account: new AwsAccount(scope, "account"),
        name: names.of("backup"),
        keyAlias: names.kmsAlias("backup"),
        description: "AWS Backup vault",
        lockRetentionDays: options.lockRetentionDays,
        forceDestroy: options.lockRetentionDays === undefined,
        keyDeletionWindowInDays: options.lockRetentionDays === undefined ? KMS_DELETION_WINDOW.unprotected : KMS_DELETION_WINDOW.protected,
        provider,
      });
    });

  describe("locked, in the disaster-recovery region", () => {
    const retention = prod.disasterRecovery!.copyRetentionDays;
    const json = synth({ lockRetentionDays: retention, dr: true });
    const vault = onlyResource(json, "aws_backup_vault");

    it("encrypts the vault with its own customer key", () => {
      expect(vault).toMatchObject({ name: names.of("backup"), kms_key_arn: refTo(json, "aws_kms_key", "arn"), force_destroy: false });
      expect(onlyResource(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: KMS_DELETION_WINDOW.protected });
      expect(onlyResource(json, "aws_kms_alias")).toMatchObject({ name: names.kmsAlias("backup"), target_key_id: refTo(json, "aws_kms_key", "key_id") });
    });

    it("locks the vault in governance mode, keeping every recovery point exactly the retention", () => {
      const lock = onlyResource(json, "aws_backup_vault_lock_configuration");
      expect(lock).toMatchObject({ backup_vault_name: refTo(json, "aws_backup_vault", "name"), min_retention_days: retention, max_retention_days: retention });
      // changeable_for_days would turn the lock into compliance mode, which nobody can ever lift.
      expect(lock.changeable_for_days).toBeUndefined();
    });

    it("creates the key, alias, vault and lock in the vault's region (a vault's key must be regional)", () => {
      const alias = `aws.${drRegion.replace(/-/g, "_")}`;
      for (const type of ["aws_kms_key", "aws_kms_alias", "aws_backup_vault", "aws_backup_vault_lock_configuration"]) expect(onlyResource(json, type).provider).toBe(alias);
    });
  });

  describe("unlocked, in the stack's region", () => {
    const json = synth({ dr: false });

    it("has no lock, can be destroyed with its recovery points and uses the default provider", () => {
      expect(resourcesOf(json, "aws_backup_vault_lock_configuration")).toEqual([]);
      expect(onlyResource(json, "aws_backup_vault")).toMatchObject({ force_destroy: true });
      for (const type of ["aws_kms_key", "aws_kms_alias", "aws_backup_vault"]) expect(onlyResource(json, type).provider).toBeUndefined();
    });

    it("matches its snapshot", () => {
      expect(snapshotView(json)).toMatchSnapshot();
    });
  });
});
