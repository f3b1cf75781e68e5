import { Construct } from "constructs";
import type { AwsAccount, PolicyStatement } from "../iam";
import { SecureBucket, type AccessLogTarget, type ObjectLockRetention } from "../secure-bucket";

/** The service that delivers into the bucket: CloudTrail as one trail, or AWS Config of this account. */
export type AuditWriter = { readonly service: "cloudtrail"; readonly trailArn: string } | { readonly service: "config" };

export interface AuditBucketProps {
  readonly account: AwsAccount;
  readonly bucketName: string;
  readonly kmsKeyArn: string;
  readonly writer: AuditWriter;
  readonly expireAfterDays: number;
  /** CloudTrail only: AWS Config refuses to deliver to a bucket with Object Lock. */
  readonly objectLock?: ObjectLockRetention;
  readonly accessLogs: AccessLogTarget;
  readonly forceDestroy: boolean;
}

/** The ACL check and the write each service makes, as the AWS docs give them. */
function writerStatements(writer: AuditWriter, arn: string, accountId: string): PolicyStatement[] {
  const principal = { Service: `${writer.service}.amazonaws.com` };
  const source: Record<string, string> = writer.service === "cloudtrail" ? { "aws:SourceArn": writer.trailArn } : { "aws:SourceAccount": accountId };
  const prefix = writer.service === "cloudtrail" ? `AWSLogs/${accountId}/*` : `AWSLogs/${accountId}/Config/*`;
  const name = writer.service === "cloudtrail" ? "CloudTrail" : "Config";
  return [
    {
      Sid: `${name}AclCheck`,
      Effect: "Allow",
      Principal: principal,
      Action: writer.service === "cloudtrail" ? "s3:GetBucketAcl" : ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: arn,
      Condition: { StringEquals: source },
    },
    {
      Sid: `${name}Write`,
      Effect: "Allow",
      Principal: principal,
      Action: "s3:PutObject",
      Resource: `${arn}/${prefix}`,
      Condition: { StringEquals: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  ];
}

/**
 * Where CloudTrail or AWS Config delivers (AWSLogs/<account>/...), KMS-encrypted, access-logged.
 * The service may write only its own prefix of this account, CloudTrail only as the one trail
 * (aws:SourceArn). The trail's bucket takes Object Lock in protected profiles.
 */
export class AuditBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AuditBucketProps) {
    super(scope, id);
    if (props.objectLock && props.writer.service === "config") {
      throw new Error(`${props.bucketName}: AWS Config does not deliver to a bucket with Object Lock`);
    }
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      expireAfterDays: props.expireAfterDays,
      noncurrentVersionExpiryDays: 30,
      forceDestroy: props.forceDestroy,
      objectLock: props.objectLock,
      accessLogs: props.accessLogs,
      policyStatements: (arn) => writerStatements(props.writer, arn, props.account.accountId),
    });
    this.bucketName = this.bucket.bucket.bucket;
  }
}
