import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ManagedPolicyRole, type AwsAccount } from "../iam";

export interface AuditTrailProps {
  readonly account: AwsAccount;
  readonly region: string;
  readonly trailName: string;
  readonly bucketName: string;
  /** Encrypts the log files and the log group; its policy must admit CloudTrail and CloudWatch Logs. */
  readonly kmsKeyArn: string;
  readonly logGroupName: string;
  readonly retentionInDays: number;
  /** Role (and its customer-managed policy) CloudTrail assumes to write to the log group. */
  readonly roleName: string;
  /** The bucket policy: CloudTrail checks it when the trail is created. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/** The trail's ARN, which the bucket and key policies name before the trail exists. */
export function trailArn(account: AwsAccount, region: string, trailName: string): string {
  return account.arn("cloudtrail", region, `trail/${trailName}`);
}

/**
 * One multi-region trail for the account: management events of every region and of the global
 * services, digest files for log file validation, KMS-encrypted, delivered to S3 and to a
 * CloudWatch log group that the security alarms filter.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const role = new ManagedPolicyRole(this, "delivery", {
      roleName: props.roleName,
      assumedBy: "cloudtrail.amazonaws.com",
      accountId: props.account.accountId,
      policyDescription: `CloudTrail ${props.trailName} writes to ${props.logGroupName}`,
      statements: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:log-stream:*` }],
    });
    this.trail = new Cloudtrail(this, "trail", {
      name: props.trailName,
      s3BucketName: props.bucketName,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.kmsKeyArn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      dependsOn: [...props.dependsOn, role.attachment],
    });
  }
}
