import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, type PolicyStatement } from "./iam";

/** Where S3 writes a bucket's server access logs: an access-log bucket in the same region and account. */
export interface AccessLogTarget {
  readonly bucketName: string;
}

/** Default retention that makes every new object version immutable for `days`. */
export interface ObjectLockRetention {
  /** GOVERNANCE: a principal with s3:BypassGovernanceRetention may still delete; COMPLIANCE: nobody can. */
  readonly mode: "GOVERNANCE" | "COMPLIANCE";
  readonly days: number;
}

export interface SecureBucketProps {
  readonly bucketName: string;
  /** Customer-managed KMS key; SSE-S3 (AES256) when absent, e.g. for ELB access logs. */
  readonly kmsKeyArn?: string;
  /** Days before current objects expire; absent = kept. */
  readonly expireAfterDays?: number;
  /** Days before overwritten/deleted versions expire. */
  readonly noncurrentVersionExpiryDays: number;
  /** Allow `terraform destroy` to delete a bucket that still holds objects. */
  readonly forceDestroy: boolean;
  /** Statements added to the bucket policy after the TLS-only deny. */
  readonly policyStatements?: (bucketArn: string) => PolicyStatement[];
  /** Server access logging target; absent only for an access-log bucket itself. */
  readonly accessLogs?: AccessLogTarget;
  /** Object Lock (it can only be enabled when the bucket is created); absent = none. */
  readonly objectLock?: ObjectLockRetention;
  /** Provider of the bucket's region when it is not the stack's default (e.g. a disaster-recovery replica). */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with every guard rail on: public access blocked, ACLs disabled, versioning,
 * default encryption, lifecycle expiry of old versions and a policy denying non-TLS access.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  /** Replication requires versioning on both sides first: depend on this. */
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy,
      ...(props.objectLock ? { objectLockEnabled: true } : {}),
      provider,
    });
    const bucket = this.bucket.id;
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      provider,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
      provider,
    });
    this.versioning = new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" }, provider });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: Boolean(props.kmsKeyArn),
        },
      ],
      provider,
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-old-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpiryDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          ...(props.expireAfterDays ? { expiration: [{ days: props.expireAfterDays }] } : {}),
        },
      ],
      provider,
    });
    const arn = this.bucket.arn;
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policyDocument(
        denyInsecureTransport("s3:*", [arn, `${arn}/*`]),
        ...(props.policyStatements?.(arn) ?? []),
      ),
      // S3 rejects a policy put while the public access block is being applied.
      dependsOn: [publicAccess],
      provider,
    });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        // Object Lock needs versioning on first.
        dependsOn: [this.versioning],
        provider,
      });
    }
    if (props.accessLogs) {
      new S3BucketLoggingA(this, "access-logging", {
        bucket,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: `${props.bucketName}/`,
        // Date-partitioned keys keep each day's logs under one prefix (cheaper to query and expire).
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        provider,
      });
    }
  }
}
