import type { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ManagedPolicyRole, type AwsAccount, type PolicyStatement } from "./iam";

/** One side of the replication: a versioned bucket encrypted with its own customer-managed key. */
export interface ReplicatedBucket {
  readonly bucketId: string;
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly region: string;
  /** The bucket's versioning resource: S3 refuses a replication configuration before it. */
  readonly versioning: ITerraformDependable;
}

export interface BucketReplicationProps {
  readonly account: AwsAccount;
  /** IAM role and customer-managed policy name (64 characters at most). */
  readonly name: string;
  readonly source: ReplicatedBucket;
  readonly destination: ReplicatedBucket;
}

/**
 * With S3 Bucket Keys (every SecureBucket uses them) the KMS encryption context is the bucket
 * ARN, not the object ARN; both are listed so the grant holds either way.
 */
function keyUse(actions: string[], side: ReplicatedBucket): PolicyStatement {
  return {
    Effect: "Allow",
    Action: actions,
    Resource: side.keyArn,
    Condition: {
      StringEquals: { "kms:ViaService": `s3.${side.region}.amazonaws.com` },
      StringLike: { "kms:EncryptionContext:aws:s3:arn": [side.bucketArn, `${side.bucketArn}/*`] },
    },
  };
}

/**
 * Cross-region replication of every object version, delete markers included, re-encrypted
 * with the destination's own key. The S3 role holds one customer-managed policy naming only
 * the two buckets and the two keys, each key usable only through S3 in its region.
 */
export class BucketReplication extends Construct {
  readonly role: IamRole;
  readonly policy: IamPolicy;
  readonly configuration: S3BucketReplicationConfigurationA;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const { source, destination } = props;
    const replicator = new ManagedPolicyRole(this, "replicator", {
      roleName: props.name,
      assumedBy: "s3.amazonaws.com",
      accountId: props.account.accountId,
      policyDescription: `S3 replication from ${source.region} to ${destination.region}: the source bucket's object versions into the destination bucket`,
      describeRole: true,
      statements: [
        { Sid: "ReadReplicationConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source.bucketArn },
        {
          Sid: "ReadSourceVersions",
          Effect: "Allow",
          Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          Resource: `${source.bucketArn}/*`,
        },
        {
          Sid: "WriteReplicas",
          Effect: "Allow",
          Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
          Resource: `${destination.bucketArn}/*`,
        },
        { Sid: "DecryptSource", ...keyUse(["kms:Decrypt"], source) },
        // kms:Decrypt on the destination key: S3 verifies the destination's Bucket Key with it.
        { Sid: "EncryptReplicas", ...keyUse(["kms:Encrypt", "kms:Decrypt"], destination) },
      ],
    });
    this.role = replicator.role;
    this.policy = replicator.policy;
    const { attachment } = replicator;
    this.configuration = new S3BucketReplicationConfigurationA(this, "configuration", {
      bucket: source.bucketId,
      role: this.role.arn,
      rule: [
        {
          id: "replicate-everything",
          status: "Enabled",
          filter: { prefix: "" },
          // A delete (e.g. a sync --delete) reaches the replica too: it serves what the primary serves.
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: destination.bucketArn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: destination.keyArn },
          },
        },
      ],
      dependsOn: [source.versioning, destination.versioning, attachment],
    });
  }
}
