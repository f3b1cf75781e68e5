import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ConfigError } from "../../config/errors";
import { PROFILE_NAMES } from "../../config/types";
import { DatabaseBackup } from "../../constructs/data/backup";
import { AwsAccount } from "../../constructs/iam";
import { asList, configFor, onlyResource, resourcesOf, type TfJson } from "../support/synth";
import { synthData } from "./fixture";

const statementsOf = (json: TfJson, roleName: string) => {
  const [[key]] = resourcesOf(json, "aws_iam_role").filter(([, r]) => r.name === roleName);
  const attached = resourcesOf(json, "aws_iam_role_policy_attachment").filter(([, a]) => a.role === `\${aws_iam_role.${key}.name}`);
  expect(attached).toHaveLength(1);
  const policyKey = attached[0][1].policy_arn.replace(/^\$\{aws_iam_policy\.(.+)\.arn\}$/, "$1");
  return JSON.parse(json.resource!.aws_iam_policy[policyKey].policy).Statement as any[];
};

describe.each(PROFILE_NAMES)("AWS Backup of the database (%s)", (profile) => {
  const config = configFor(profile);
  const { data: json } = synthData(config);
  const vaults: Record<string, any>[] = resourcesOf(json, "aws_backup_vault").map(([key, v]) => ({ key, ...v }));
  const primary = vaults.find((v) => v.provider === undefined)!;
  const plan = onlyResource(json, "aws_backup_plan");
  const dr = config.disasterRecovery;

  it("keeps recovery points in a vault encrypted with its own customer key, destroyable unless protected", () => {
    const alias = resourcesOf(json, "aws_kms_alias").find(([, a]) => a.name === `alias/payment-backup-${profile}` && a.provider === undefined)![1];
    expect(primary).toMatchObject({ name: `payment-backup-${profile}`, kms_key_arn: alias.target_key_id.replace(/\.key_id\}$/, ".arn}"), force_destroy: !config.protection });
  });

  it("backs the cluster up on the profile's schedule and retention", () => {
    const [rule] = asList<any>(plan.rule);
    expect(rule).toMatchObject({
      schedule: config.backup.schedule,
      target_vault_name: `\${aws_backup_vault.${primary.key}.name}`,
      lifecycle: { delete_after: config.backup.retentionDays },
    });
    const selection = onlyResource(json, "aws_backup_selection");
    expect(selection.resources).toEqual([expect.stringMatching(/^\$\{aws_rds_cluster\..+\.arn\}$/)]);
    expect(selection.plan_id).toMatch(/aws_backup_plan\..+\.id\}$/);
  });

  it(dr ? `copies every recovery point to a vault in ${dr.region}` : "keeps no copy outside its region", () => {
    const [rule] = asList<any>(plan.rule);
    if (!dr) {
      expect(vaults).toHaveLength(1);
      expect(rule.copy_action).toBeUndefined();
      return;
    }
    const alias = dr.region.replace(/-/g, "_");
    const copyVault = vaults.find((v) => v.provider === `aws.${alias}`)!;
    expect(copyVault).toMatchObject({ name: `payment-backup-${profile}`, force_destroy: !config.protection });
    const copyKey = json.resource!.aws_kms_key[copyVault.kms_key_arn.replace(/^\$\{aws_kms_key\.(.+)\.arn\}$/, "$1")];
    expect(copyKey.provider).toBe(`aws.${alias}`);
    expect(rule.copy_action).toEqual([{ destination_vault_arn: `\${aws_backup_vault.${copyVault.key}.arn}`, lifecycle: { delete_after: dr.copyRetentionDays } }]);
    const provider = asList<any>(json.provider!.aws).find((p) => p.alias === alias);
    expect(provider).toMatchObject({ region: dr.region });
    expect(provider.default_tags[0].tags).toMatchObject({ Environment: profile, ManagedBy: "cdktf" });
  });

  it(config.protection ? "locks every vault in governance mode" : "locks no vault, so the environment can be torn down", () => {
    const locks = resourcesOf(json, "aws_backup_vault_lock_configuration").map(([, l]) => l);
    expect(locks).toHaveLength(config.protection ? vaults.length : 0);
    for (const lock of locks) {
      expect(lock).not.toHaveProperty("changeable_for_days");
      expect(lock.min_retention_days).toBe(lock.max_retention_days);
    }
  });

  it("uses a customer-managed backup policy scoped to this cluster, its backup snapshots and these vaults", () => {
    expect(resourcesOf(json, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn)).not.toContainEqual(expect.stringContaining(":aws:policy/"));
    const statements = statementsOf(json, `payment-backup-${profile}`);
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.SnapshotCluster.Resource[0]).toMatch(/aws_rds_cluster\..+\.arn\}$/);
    const regions = [config.region, ...(dr ? [dr.region] : [])];
    expect(bySid.ManageBackupSnapshots.Resource).toEqual(regions.map((r) => expect.stringContaining(`:rds:${r}:`)));
    bySid.ManageBackupSnapshots.Resource.forEach((r: string) => expect(r).toMatch(/:cluster-snapshot:awsbackup:\*$/));
    expect(bySid.Vaults.Resource).toHaveLength(vaults.length);
    expect(bySid.KeyGrants.Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": true } });
    for (const s of statements) expect(asList(s.Resource)).not.toContain("*");
  });

  it(config.backup.restoreTesting ? "restore-tests the latest recovery point weekly" : "runs no restore test", () => {
    const plans = resourcesOf(json, "aws_backup_restore_testing_plan").map(([, p]) => p);
    const selections = resourcesOf(json, "aws_backup_restore_testing_selection").map(([, s]) => s);
    if (!config.backup.restoreTesting) {
      expect([plans, selections]).toEqual([[], []]);
      return;
    }
    expect(plans).toHaveLength(1);
    expect(plans[0].name).toMatch(/^[A-Za-z0-9_]+$/);
    expect(plans[0].recovery_point_selection).toEqual([
      expect.objectContaining({ algorithm: "LATEST_WITHIN_WINDOW", include_vaults: [`\${aws_backup_vault.${primary.key}.arn}`], recovery_point_types: ["SNAPSHOT"] }),
    ]);
    expect(selections[0]).toMatchObject({ protected_resource_type: "Aurora", protected_resource_arns: [expect.stringMatching(/aws_rds_cluster\..+\.arn\}$/)] });
    // Into the cluster's own isolated subnets and behind the db security group, never the default VPC.
    expect(selections[0].restore_metadata_overrides.dbSubnetGroupName).toMatch(/aws_rds_cluster\..+\.db_subnet_group_name\}$/);
    expect(JSON.parse(selections[0].restore_metadata_overrides.vpcSecurityGroupIds)).toEqual([expect.stringContaining("terraform_remote_state")]);
    const restore = statementsOf(json, `payment-backup-restore-${profile}`);
    expect(restore.flatMap((s) => asList<string>(s.Action))).not.toContain("rds:DeleteDBCluster");
  });
});

describe("backup and disaster recovery configuration", () => {
  it.each([
    ["a schedule that is not a six-field cron", (p: any) => ({ ...p, backup: { ...p.backup, schedule: "rate(1 day)" } }), /backup.schedule = "rate\(1 day\)": must be an AWS Backup cron expression/],
    ["a retention of 0 days", (p: any) => ({ ...p, backup: { ...p.backup, retentionDays: 0 } }), /backup.retentionDays = 0: must be a whole number from 1 to 36500/],
    ["a DR copy in the primary region", (p: any) => ({ ...p, disasterRecovery: { ...p.disasterRecovery, region: "us-east-1" } }), /disasterRecovery.region = "us-east-1": must differ from the primary region/],
    [
      "a Global Database secondary, which needs a DR network the platform does not build",
      (p: any) => ({ ...p, disasterRecovery: { ...p.disasterRecovery, globalDatabase: true } }),
      /disasterRecovery.globalDatabase = true: needs a VPC and DB subnet group in us-west-2, which the platform does not deploy yet/,
    ],
  ])("refuses %s with one line", (_what, edit, message) => {
    expect(() => configFor("prod", {}, edit)).toThrow(ConfigError);
    expect(() => configFor("prod", {}, edit)).toThrow(message);
  });
});

describe("DatabaseBackup construct", () => {
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const dr = new AwsProvider(scope, "dr", { region: "us-west-2", alias: "dr" });
      new DatabaseBackup(scope, "backup", {
        account: new AwsAccount(scope, "account"),
        name: (thing) => `payment-${thing}-test`,
        restoreTestingName: (thing) => `payment_${thing}_test`,
        region: "us-east-1",
        clusterArn: "arn:aws:rds:us-east-1:111111111111:cluster:payment-db-test",
        clusterIdentifier: "payment-db-test",
        databaseKeyArn: "arn:aws:kms:us-east-1:111111111111:key/db",
        keyAlias: "alias/payment-backup-test",
        schedule: "cron(0 7 * * ? *)",
        retentionDays: 35,
        restoreTesting: true,
        restoreSubnetGroupName: "payment-db-test",
        restoreSecurityGroupId: "sg-0123",
        protection: true,
        copy: { region: "us-west-2", retentionDays: 14, provider: dr },
      });
    }),
  ) as TfJson;

  it("locks each vault at its own retention and puts the copy vault and its key in the DR region", () => {
    const locks = resourcesOf(json, "aws_backup_vault_lock_configuration").map(([, l]) => [l.min_retention_days, l.provider ?? "primary"]);
    expect(locks.sort()).toEqual([[14, "aws.dr"], [35, "primary"]]);
    const keys = resourcesOf(json, "aws_kms_key").map(([, k]) => k.provider ?? "primary");
    expect(keys.sort()).toEqual(["aws.dr", "primary"]);
    const policies = resourcesOf(json, "aws_iam_policy").map(([, p]) => p.name).sort();
    expect(policies).toEqual(["payment-backup-restore-test", "payment-backup-test"]);
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});
