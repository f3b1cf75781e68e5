import type { PolicyStatement } from "../iam";

export interface StateAccessProps {
  readonly partition: string;
  readonly bucket: string;
  /** payment/<profile>/: every state key of the profile's environments. */
  readonly prefix: string;
  /** Other environments' state keys this profile's stacks read (peering, shared ECR). */
  readonly readKeys: readonly string[];
  readonly lockTableArn: string;
  readonly kmsKeyArn: string;
  /** Write state (deploy) or only read it and take the lock (plan). */
  readonly write: boolean;
}

/**
 * What the S3 backend needs for one profile: list the bucket (the backend lists workspaces
 * before every run and reads a missing state as empty only on a 404), read (plan) or read and write
 * (deploy) the objects under the prefix, take and release the DynamoDB lock on those keys
 * only, and use the state key through S3. Lock items are <bucket>/<key> and <bucket>/<key>-md5.
 */
export function stateStatements(p: StateAccessProps): PolicyStatement[] {
  const bucketArn = `arn:${p.partition}:s3:::${p.bucket}`;
  const objects = [`${bucketArn}/${p.prefix}*`];
  const readable = [...objects, ...p.readKeys.map((key) => `${bucketArn}/${key}`)];
  return [
    // Unconditional: S3 answers a missing state object with 404 only to callers holding
    // s3:ListBucket on the bucket (a prefix condition does not apply to that check), and the
    // backend treats 404 as "no state yet" but 403 as an error. Lists names, never contents.
    { Sid: "StateList", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
    // What the preflight checks before a deploy: the bucket's guard rails and the lock table.
    { Sid: "StateBackendChecks", Effect: "Allow", Action: ["s3:GetBucketVersioning", "s3:GetEncryptionConfiguration", "s3:GetBucketPublicAccessBlock"], Resource: bucketArn },
    { Sid: "LockTableCheck", Effect: "Allow", Action: "dynamodb:DescribeTable", Resource: p.lockTableArn },
    { Sid: "StateRead", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: readable },
    ...(p.write ? [{ Sid: "StateWrite", Effect: "Allow" as const, Action: ["s3:PutObject", "s3:DeleteObject"], Resource: objects }] : []),
    {
      Sid: "StateLock",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      Resource: p.lockTableArn,
      Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${p.bucket}/${p.prefix}*`] } },
    },
    {
      Sid: "StateKey",
      Effect: "Allow",
      Action: p.write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
      Resource: p.kmsKeyArn,
    },
  ];
}
