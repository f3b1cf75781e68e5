import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { SecurityhubFindingAggregator } from "@cdktf/provider-aws/lib/securityhub-finding-aggregator";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { baselineRegions } from "../config/derived";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { AuditBucket } from "../constructs/baseline/audit-bucket";
import { AuditTrail, trailArn } from "../constructs/baseline/audit-trail";
import { RegionalBaseline } from "../constructs/baseline/regional-baseline";
import { TrailAlarms } from "../constructs/baseline/trail-alarms";
import { ENCRYPT_DECRYPT, EncryptionKey } from "../constructs/kms-key";
import { BASELINE_STACK, PaymentStack, type PaymentStackProps } from "./base";

export interface BaselineOutputs {
  readonly trailArn: string;
  readonly auditBucketName: string;
  /** Security alert topic per region the baseline covers. */
  readonly alertTopicArns: Readonly<Record<string, string>>;
}

/**
 * The account's security baseline, deployed once per account after bootstrap: a multi-region
 * CloudTrail trail into a KMS-encrypted audit bucket and log group with alarms on root
 * activity, trail changes and IAM policy changes; and in every region the platform uses,
 * GuardDuty, AWS Config, Security Hub (FSBP and PCI DSS v4.0.1) and IAM Access Analyzer.
 * Composed only for a profile's main environment whose `baseline.enabled` is on.
 */
export class BaselineStack extends PaymentStack {
  readonly outputs: BaselineOutputs;

  constructor(scope: Construct, props: PaymentStackProps) {
    super(scope, BASELINE_STACK, props);
    const { config, names } = this;
    const home = config.region;
    const { account } = this;
    const protection = config.protection;
    const keyDeletionWindowInDays = protection ? 30 : 7;
    const trailName = names.trail();
    const trail = trailArn(account, home, trailName);
    const trailLogGroup = names.trailLogGroup();

    // One key for what the audit trail and AWS Config write: their S3 objects and the trail's log group.
    const auditKey = new EncryptionKey(this, "audit-key", {
      account,
      alias: names.kmsAlias("audit"),
      description: `CloudTrail and AWS Config records of ${config.suffix}`,
      deletionWindowInDays: keyDeletionWindowInDays,
      grants: [
        {
          service: "cloudtrail.amazonaws.com",
          actions: ["kms:GenerateDataKey*"],
          condition: {
            StringEquals: { "aws:SourceArn": trail },
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": account.arn("cloudtrail", "*", "trail/*") },
          },
        },
        { service: "cloudtrail.amazonaws.com", actions: ["kms:DescribeKey"], condition: { StringEquals: { "aws:SourceArn": trail } } },
        {
          service: "config.amazonaws.com",
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
        },
        {
          service: `logs.${home}.amazonaws.com`,
          actions: ENCRYPT_DECRYPT,
          condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": account.arn("logs", home, `log-group:${trailLogGroup}`) } },
        },
      ],
    });

    const auditBuckets = ["audit", "config"].map((thing) => names.bucket(thing, account.accountId));
    const accessLogs = new AccessLogBucket(this, "access-logs", {
      bucketName: names.bucket("audit-access-logs", account.accountId),
      account,
      sourceBucketArns: auditBuckets.map((bucket) => `arn:${account.partition}:s3:::${bucket}`),
      expireAfterDays: config.logRetentionDays,
      forceDestroy: !protection,
    });
    const audit = new AuditBucket(this, "audit", {
      account,
      bucketName: auditBuckets[0],
      kmsKeyArn: auditKey.arn,
      writer: { service: "cloudtrail", trailArn: trail },
      expireAfterDays: config.logRetentionDays,
      // Governance mode: immutable to everyone without s3:BypassGovernanceRetention, so a
      // break-glass principal can still remove a mistaken write.
      objectLock: protection ? { mode: "GOVERNANCE", days: config.logRetentionDays } : undefined,
      accessLogs: accessLogs.target,
      forceDestroy: !protection,
    });

    // AWS Config refuses buckets with Object Lock, so its records get a bucket of their own.
    const configRecords = new AuditBucket(this, "config-records", {
      account,
      bucketName: auditBuckets[1],
      kmsKeyArn: auditKey.arn,
      writer: { service: "config" },
      expireAfterDays: config.logRetentionDays,
      accessLogs: accessLogs.target,
      forceDestroy: !protection,
    });

    const auditTrail = new AuditTrail(this, "trail", {
      account,
      region: home,
      trailName,
      bucketName: audit.bucketName,
      kmsKeyArn: auditKey.arn,
      logGroupName: trailLogGroup,
      retentionInDays: config.logRetentionDays,
      roleName: names.of("trail-logs"),
      dependsOn: [audit.bucket.policy],
    });

    const configRole = new IamServiceLinkedRole(this, "config-service-role", { awsServiceName: "config.amazonaws.com" });
    const regions = baselineRegions(config);
    const regional = regions.map(
      (region) =>
        new RegionalBaseline(this, `region-${region}`, {
          account,
          region,
          name: (thing) => names.of(thing),
          keyAlias: names.kmsAlias("security-alerts"),
          notify: { emails: config.alarms.notificationEmails, httpsEndpoint: config.alarms.notificationHttpsEndpoint },
          keyDeletionWindowInDays,
          audit: { bucketName: configRecords.bucketName, kmsKeyArn: auditKey.arn },
          configRoleArn: configRole.arn,
          home: region === home,
          provider: this.providerFor(region),
        }),
    );
    const homeRegion = regional[0];

    new TrailAlarms(this, "trail-alarms", {
      logGroupName: auditTrail.logGroup.name,
      name: (alarm) => names.of(alarm),
      topicArn: homeRegion.alerts.arn,
    });

    // Findings of every other covered region in the home region's Security Hub.
    const linked = regions.filter((r) => r !== home);
    if (linked.length > 0) {
      new SecurityhubFindingAggregator(this, "finding-aggregator", {
        linkingMode: "SPECIFIED_REGIONS",
        specifiedRegions: linked,
        dependsOn: regional.map((r) => r.securityHub.account),
      });
    }

    this.outputs = {
      trailArn: auditTrail.trail.arn,
      auditBucketName: audit.bucketName,
      alertTopicArns: Object.fromEntries(regions.map((region, i) => [region, regional[i].alerts.arn])),
    };
    new TerraformOutput(this, "trail_arn", { value: this.outputs.trailArn });
    new TerraformOutput(this, "audit_bucket_name", { value: this.outputs.auditBucketName });
    new TerraformOutput(this, "security_alert_topic_arns", { value: this.outputs.alertTopicArns });
  }
}
