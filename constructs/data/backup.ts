import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupRestoreTestingPlan } from "@cdktf/provider-aws/lib/backup-restore-testing-plan";
import { BackupRestoreTestingSelection } from "@cdktf/provider-aws/lib/backup-restore-testing-selection";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ManagedPolicyRole, type AwsAccount, type PolicyStatement } from "../iam";
import { EncryptionKey } from "../kms-key";

const BACKUP_SERVICE = "backup.amazonaws.com";
/** Hours AWS Backup may wait to start a job, and to finish one (an Aurora snapshot takes minutes). */
const START_WINDOW_MINUTES = 60;
const COMPLETION_WINDOW_MINUTES = 360;

export interface BackupVaultProps {
  readonly account: AwsAccount;
  readonly name: string;
  /** alias/payment-backup-<suffix> in the vault's region. */
  readonly keyAlias: string;
  readonly description: string;
  /** Governance-mode vault lock keeping every recovery point exactly this many days. */
  readonly lockRetentionDays?: number;
  /** Let `terraform destroy` delete the vault with its recovery points. */
  readonly forceDestroy: boolean;
  readonly keyDeletionWindowInDays: number;
  readonly provider?: TerraformProvider;
}

/** A KMS-encrypted backup vault with its own customer key, optionally locked (governance mode). */
export class EncryptedBackupVault extends Construct {
  readonly vault: BackupVault;
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    // AWS Backup uses the key through grants it makes with the backup role's rights; the key
    // policy delegates to IAM (root) and the role's policy names the key.
    this.key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: props.keyAlias,
      description: props.description,
      deletionWindowInDays: props.keyDeletionWindowInDays,
      provider: props.provider,
    });
    this.vault = new BackupVault(this, "vault", {
      name: props.name,
      kmsKeyArn: this.key.arn,
      forceDestroy: props.forceDestroy,
      provider: props.provider,
    });
    if (props.lockRetentionDays !== undefined) {
      // No changeable_for_days: governance mode, which privileged principals can still lift
      // (compliance mode could never be undone, not even to tear the environment down).
      new BackupVaultLockConfiguration(this, "lock", {
        backupVaultName: this.vault.name,
        minRetentionDays: props.lockRetentionDays,
        maxRetentionDays: props.lockRetentionDays,
        provider: props.provider,
      });
    }
  }
}

export interface DatabaseBackupProps {
  readonly account: AwsAccount;
  /** payment-<thing>-<suffix> */
  readonly name: (thing: string) => string;
  /** Restore testing names (letters, digits, '_'). */
  readonly restoreTestingName: (thing: string) => string;
  readonly region: string;
  readonly clusterArn: string;
  readonly clusterIdentifier: string;
  /** The cluster's storage key: Aurora recovery points stay encrypted with it in the primary region. */
  readonly databaseKeyArn: string;
  readonly keyAlias: string;
  readonly schedule: string;
  readonly retentionDays: number;
  readonly restoreTesting: boolean;
  /** Where a restore test puts its cluster: without them AWS Backup picks the default VPC,
   *  which a hardened account may not have. */
  readonly restoreSubnetGroupName: string;
  readonly restoreSecurityGroupId: string;
  /** Vault lock (governance), retained vaults and keys. */
  readonly protection: boolean;
  /** Copy every recovery point to a vault in another region. */
  readonly copy?: { readonly region: string; readonly retentionDays: number; readonly provider: TerraformProvider };
}

/**
 * AWS Backup for the Aurora cluster: a vault per region with its own customer key, a daily
 * plan with the profile's retention, an optional copy to the DR region, vault lock in
 * protected environments and a weekly restore test. The backup and restore roles carry
 * customer-managed policies scoped to this cluster, its snapshots and these vaults.
 */
export class DatabaseBackup extends Construct {
  readonly vault: EncryptedBackupVault;
  readonly copyVault?: EncryptedBackupVault;
  readonly plan: BackupPlan;
  readonly role: ManagedPolicyRole;
  readonly restoreRole?: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: DatabaseBackupProps) {
    super(scope, id);
    const { account } = props;
    const common = { account, forceDestroy: !props.protection, keyDeletionWindowInDays: props.protection ? 30 : 7 };
    this.vault = new EncryptedBackupVault(this, "vault", {
      ...common,
      name: props.name("backup"),
      keyAlias: props.keyAlias,
      description: `AWS Backup vault ${props.name("backup")}`,
      lockRetentionDays: props.protection ? props.retentionDays : undefined,
    });
    const copy = props.copy;
    if (copy) {
      this.copyVault = new EncryptedBackupVault(this, "copy-vault", {
        ...common,
        name: props.name("backup"),
        keyAlias: props.keyAlias,
        description: `AWS Backup vault ${props.name("backup")} (disaster recovery copy of ${props.region})`,
        lockRetentionDays: props.protection ? copy.retentionDays : undefined,
        provider: copy.provider,
      });
    }

    this.role = new ManagedPolicyRole(this, "role", {
      roleName: props.name("backup"),
      assumedBy: BACKUP_SERVICE,
      accountId: account.accountId,
      policyDescription: `AWS Backup of ${props.clusterIdentifier}: snapshot, copy and expire its recovery points`,
      describeRole: true,
      statements: this.backupStatements(props),
    });

    this.plan = new BackupPlan(this, "plan", {
      name: props.name("db-backup"),
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.vault.name,
          schedule: props.schedule,
          startWindow: START_WINDOW_MINUTES,
          completionWindow: COMPLETION_WINDOW_MINUTES,
          lifecycle: { deleteAfter: props.retentionDays },
          recoveryPointTags: { BackupPlan: props.name("db-backup") },
          ...(copy && this.copyVault
            ? { copyAction: [{ destinationVaultArn: this.copyVault.vault.arn, lifecycle: { deleteAfter: copy.retentionDays } }] }
            : {}),
        },
      ],
    });
    new BackupSelection(this, "selection", {
      name: props.name("db-backup"),
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: [props.clusterArn],
      dependsOn: [this.role.attachment],
    });

    if (props.restoreTesting) this.restoreRole = this.restoreTest(props);
  }

  private restoreTest(props: DatabaseBackupProps): ManagedPolicyRole {
    const { account, region } = props;
    const role = new ManagedPolicyRole(this, "restore-role", {
      roleName: props.name("backup-restore"),
      assumedBy: BACKUP_SERVICE,
      accountId: account.accountId,
      policyDescription: `AWS Backup restore tests of ${props.clusterIdentifier}`,
      describeRole: true,
      statements: [
        {
          Sid: "RestoreCluster",
          Effect: "Allow",
          Action: ["rds:RestoreDBClusterFromSnapshot", "rds:AddTagsToResource"],
          // The restored cluster's name is generated per test, so any cluster name in this
          // region; AWS Backup's service-linked role deletes it after the validation window.
          Resource: [
            account.arn("rds", region, "cluster:*"),
            account.arn("rds", region, "cluster-snapshot:awsbackup:*"),
            account.arn("rds", region, `subgrp:${props.restoreSubnetGroupName}`),
            account.arn("rds", region, "cluster-pg:*"),
          ],
        },
        {
          Sid: "Describe",
          Effect: "Allow",
          Action: ["rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots", "rds:ListTagsForResource"],
          Resource: [account.arn("rds", region, "cluster:*"), account.arn("rds", region, "cluster-snapshot:awsbackup:*")],
        },
        this.databaseKeyStatement(props, [region]),
        {
          Sid: "KeyGrants",
          Effect: "Allow",
          Action: "kms:CreateGrant",
          Resource: props.databaseKeyArn,
          Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
        },
      ],
    });
    const plan = new BackupRestoreTestingPlan(this, "restore-testing", {
      name: props.restoreTestingName("db_restore"),
      // Sundays, after the daily backup; the newest recovery point of the past week.
      scheduleExpression: "cron(0 10 ? * SUN *)",
      scheduleExpressionTimezone: "Etc/UTC",
      startWindowHours: 4,
      recoveryPointSelection: [
        {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [this.vault.vault.arn],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: 7,
        },
      ],
    });
    new BackupRestoreTestingSelection(this, "restore-testing-selection", {
      name: props.restoreTestingName("db_restore"),
      restoreTestingPlanName: plan.name,
      protectedResourceType: "Aurora",
      protectedResourceArns: [props.clusterArn],
      iamRoleArn: role.arn,
      validationWindowHours: 1,
      // Keys are case-insensitive; list values are JSON arrays (AWS Backup restore metadata).
      restoreMetadataOverrides: {
        dbSubnetGroupName: props.restoreSubnetGroupName,
        vpcSecurityGroupIds: JSON.stringify([props.restoreSecurityGroupId]),
      },
      dependsOn: [role.attachment],
    });
    return role;
  }

  /** Snapshot the cluster, copy the snapshots to the DR vault and expire them. */
  private backupStatements(props: DatabaseBackupProps): PolicyStatement[] {
    const { account, region } = props;
    const regions = [region, ...(props.copy ? [props.copy.region] : [])];
    const snapshots = regions.map((r) => account.arn("rds", r, "cluster-snapshot:awsbackup:*"));
    const vaults = [this.vault, ...(this.copyVault ? [this.copyVault] : [])];
    return [
      {
        Sid: "SnapshotCluster",
        Effect: "Allow",
        Action: ["rds:CreateDBClusterSnapshot", "rds:DescribeDBClusters", "rds:ListTagsForResource", "rds:AddTagsToResource"],
        Resource: [props.clusterArn, account.arn("rds", region, "cluster-snapshot:awsbackup:*")],
      },
      {
        // AWS Backup names every snapshot it makes awsbackup:job-<id>.
        Sid: "ManageBackupSnapshots",
        Effect: "Allow",
        Action: [
          "rds:DescribeDBClusterSnapshots",
          "rds:CopyDBClusterSnapshot",
          "rds:DeleteDBClusterSnapshot",
          "rds:ModifyDBClusterSnapshotAttribute",
          "rds:AddTagsToResource",
          "rds:ListTagsForResource",
        ],
        Resource: snapshots,
      },
      {
        Sid: "Vaults",
        Effect: "Allow",
        Action: ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"],
        Resource: vaults.map((v) => v.vault.arn),
      },
      this.databaseKeyStatement(props, regions, vaults.map((v) => v.key.arn)),
      {
        // Grants let RDS and AWS Backup use the keys for the snapshot and its copy, nothing else.
        Sid: "KeyGrants",
        Effect: "Allow",
        Action: "kms:CreateGrant",
        Resource: [props.databaseKeyArn, ...vaults.map((v) => v.key.arn)],
        Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
      },
    ];
  }

  /** Use of the database key (and vault keys) only through RDS or AWS Backup in these regions. */
  private databaseKeyStatement(props: DatabaseBackupProps, regions: readonly string[], extraKeys: readonly string[] = []): PolicyStatement {
    return {
      Sid: "UseKeys",
      Effect: "Allow",
      Action: ["kms:DescribeKey", "kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      Resource: [props.databaseKeyArn, ...extraKeys],
      Condition: { StringEquals: { "kms:ViaService": regions.flatMap((r) => [`rds.${r}.amazonaws.com`, `backup.${r}.amazonaws.com`]) } },
    };
  }
}
