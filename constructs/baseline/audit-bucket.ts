import { Construct } from "constructs";
import type { AwsAccount, PolicyStatement } from "../iam";
import { SecureBucket, type AccessLogTarget, type ObjectLockRetention } from "../secure-bucket";

export interface AuditBucketProps {
  readonly account: AwsAccount;
  readonly bucketName: string;
  readonly kmsKeyArn: string;
  /** The trail allowed to write, as its ARN (known before the trail exists). */
  readonly trailArn: string;
  readonly expireAfterDays: number;
  readonly objectLock?: ObjectLockRetention;
  readonly accessLogs: AccessLogTarget;
  readonly forceDestroy: boolean;
}

/**
 * Where CloudTrail and AWS Config deliver (AWSLogs/<account>/CloudTrail/ and .../Config/),
 * KMS-encrypted, under Object Lock in protected profiles. Each service may write only its own
 * prefix of this account, and CloudTrail only as the one trail (aws:SourceArn).
 */
export class AuditBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AuditBucketProps) {
    super(scope, id);
    const accountId = props.account.accountId;
    const fromTrail = { StringEquals: { "aws:SourceArn": props.trailArn } };
    const fromConfig = { StringEquals: { "aws:SourceAccount": accountId } };
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      expireAfterDays: props.expireAfterDays,
      noncurrentVersionExpiryDays: 30,
      forceDestroy: props.forceDestroy,
      objectLock: props.objectLock,
      accessLogs: props.accessLogs,
      policyStatements: (arn): PolicyStatement[] => [
        { Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: arn, Condition: fromTrail },
        {
          Sid: "CloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/AWSLogs/${accountId}/*`,
          Condition: { StringEquals: { "aws:SourceArn": props.trailArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        {
          Sid: "ConfigAclCheck",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: ["s3:GetBucketAcl", "s3:ListBucket"],
          Resource: arn,
          Condition: fromConfig,
        },
        {
          Sid: "ConfigWrite",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${arn}/AWSLogs/${accountId}/Config/*`,
          Condition: { StringEquals: { "aws:SourceAccount": accountId, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
      ],
    });
    this.bucketName = this.bucket.bucket.bucket;
  }
}
