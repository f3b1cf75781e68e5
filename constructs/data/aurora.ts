import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { RdsCluster } from "@cdktf/provider-aws/lib/rds-cluster";
import { RdsClusterInstance } from "@cdktf/provider-aws/lib/rds-cluster-instance";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { Construct } from "constructs";
import type { DatabaseConfig } from "../../config/types";
import { AuroraParameters } from "./aurora-parameters";

export const POSTGRES_PORT = 5432;
/** Performance Insights' free tier; longer retention is billed. */
const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;

export interface AuroraPostgresProps {
  /** payment-<thing>-<suffix> */
  readonly name: (thing: string) => string;
  readonly database: DatabaseConfig;
  /** Instances are placed round-robin over these, the writer in the first. */
  readonly availabilityZones: readonly string[];
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  /** Storage and Performance Insights. */
  readonly storageKeyArn: string;
  /** The RDS-managed master secret. */
  readonly secretKeyArn: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /** Deletion protection and a final snapshot. */
  readonly protection: boolean;
  /** Apply changes now instead of in the maintenance window. */
  readonly applyImmediately: boolean;
}

/**
 * Aurora PostgreSQL Serverless v2: one writer and `readerCount` readers across the AZs,
 * encrypted with a customer key, TLS forced, logs exported to an encrypted log group. RDS
 * generates the master password into Secrets Manager, so it never enters Terraform state.
 */
export class AuroraPostgres extends Construct {
  readonly cluster: RdsCluster;
  readonly writer: RdsClusterInstance;
  readonly readers: RdsClusterInstance[];
  /** ARN of the RDS-managed master secret (JSON with username and password). */
  readonly secretArn: string;
  /** cluster-XXXX: the resource part of rds-db:connect ARNs. */
  readonly resourceId: string;

  constructor(scope: Construct, id: string, props: AuroraPostgresProps) {
    super(scope, id);
    const db = props.database;
    const clusterId = props.name("db");

    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: clusterId,
      description: "Isolated subnets of the payment database",
      subnetIds: [...props.subnetIds],
    });
    const parameters = new AuroraParameters(this, "parameters", {
      name: clusterId,
      engineVersion: db.engineVersion,
      slowQueryLogMs: db.slowQueryLogMs,
    });
    // Created before the cluster so RDS exports into a KMS-encrypted group with retention
    // instead of creating an unencrypted one that never expires.
    const logGroup = new CloudwatchLogGroup(this, "postgresql-logs", {
      name: `/aws/rds/cluster/${clusterId}/postgresql`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
    });

    this.cluster = new RdsCluster(this, "cluster", {
      clusterIdentifier: clusterId,
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion: db.engineVersion,
      databaseName: db.databaseName,
      masterUsername: db.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.secretKeyArn,
      port: POSTGRES_PORT,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      dbClusterParameterGroupName: parameters.group.name,
      storageEncrypted: true,
      kmsKeyId: props.storageKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      // The RDS Data API, so the deploy creates the services' roles without a network path
      // into the isolated subnets (DatabaseRoles). Supported on Serverless v2 from 16.1; the
      // provider enables it with EnableHttpEndpoint since hashicorp/terraform-provider-aws#38997.
      enableHttpEndpoint: true,
      serverlessv2ScalingConfiguration: {
        minCapacity: db.minCapacityAcu,
        maxCapacity: db.maxCapacityAcu,
        ...(db.minCapacityAcu === 0 && db.autoPauseSeconds !== undefined
          ? { secondsUntilAutoPause: db.autoPauseSeconds }
          : {}),
      },
      backupRetentionPeriod: db.backupRetentionDays,
      preferredBackupWindow: db.backupWindow,
      preferredMaintenanceWindow: db.maintenanceWindow,
      enabledCloudwatchLogsExports: ["postgresql"],
      copyTagsToSnapshot: true,
      deletionProtection: props.protection,
      skipFinalSnapshot: !props.protection,
      ...(props.protection ? { finalSnapshotIdentifier: props.name("db-final") } : {}),
      applyImmediately: props.applyImmediately,
      dependsOn: [logGroup],
    });
    this.secretArn = this.cluster.masterUserSecret.get(0).secretArn;
    this.resourceId = this.cluster.clusterResourceId;

    // RDS rotates its managed secret every 7 days unless told otherwise; Secrets Manager
    // accepts a new schedule for it without a rotation Lambda.
    new SecretsmanagerSecretRotation(this, "master-secret-rotation", {
      secretId: this.secretArn,
      rotationRules: { automaticallyAfterDays: db.secretRotationDays },
      rotateImmediately: false,
    });

    const instance = (role: string, index: number, promotionTier: number, dependsOn: RdsClusterInstance[] = []) =>
      new RdsClusterInstance(this, role, {
        identifier: props.name(`db-${role}`),
        clusterIdentifier: this.cluster.id,
        engine: "aurora-postgresql",
        engineVersion: this.cluster.engineVersion,
        instanceClass: "db.serverless",
        availabilityZone: props.availabilityZones[index % props.availabilityZones.length],
        promotionTier,
        publiclyAccessible: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: props.storageKeyArn,
        performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
        copyTagsToSnapshot: true,
        // RDS upgrading the minor version by itself would make the next plan try to set the
        // pinned engine_version back (a downgrade); upgrades are a config bump (README, "Database").
        autoMinorVersionUpgrade: false,
        applyImmediately: props.applyImmediately,
        dependsOn,
      });
    this.writer = instance("writer", 0, 0);
    // The first instance up becomes the writer, so readers wait for it.
    this.readers = Array.from({ length: db.readerCount }, (_, i) => instance(`reader-${i + 1}`, i + 1, 1, [this.writer]));
  }
}
