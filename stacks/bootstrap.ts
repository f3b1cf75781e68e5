import * as path from "node:path";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/types";
import { AccountGuard } from "../constructs/account-guard";
import { stateAccessLogBucket } from "../config/names";
import { PROFILES } from "../config/profiles";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { GithubOidcProvider } from "../constructs/ci/oidc-provider";
import { AwsAccount } from "../constructs/iam";
import { EncryptionKey } from "../constructs/kms-key";
import { SecureBucket } from "../constructs/secure-bucket";
import { defaultTags } from "./base";

/** Shared by every environment of the account, so kept as long as the profile that keeps logs longest. */
const STATE_ACCESS_LOG_DAYS = Math.max(...Object.values(PROFILES).map((p) => p.logRetentionDays));

/** Local state of the bootstrap stack: the project root, outside cdktf.out (git-ignored). */
export const BOOTSTRAP_STATE_FILE = path.resolve(__dirname, "..", "terraform.bootstrap.tfstate");

/** Cryptographic use of a key; a Deny keeps these to S3 on the state key. */
const KEY_USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];

/**
 * Creates what the other stacks' backend needs: the state bucket, its KMS key and the lock
 * table, plus the account's GitHub Actions OIDC provider (or finds the existing one,
 * ci.oidcProvider) that the ci stack's roles trust. Its own state is local
 * (terraform.bootstrap.tfstate in the project root, git-ignored), because the bucket it would
 * live in does not exist yet. One per account, shared by every environment; the bucket and
 * the table refuse to be destroyed while they hold state.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, "bootstrap");
    const { state } = config;
    new LocalBackend(this, { path: BOOTSTRAP_STATE_FILE });
    AccountGuard.apply(this, config.accountId);
    new AwsProvider(this, "aws", {
      region: state.region,
      defaultTags: [{ tags: { ...defaultTags(config), Environment: "shared", EnvironmentSuffix: "shared" } }],
    });

    const account = new AwsAccount(this, "account");
    // State holds every output and secret-adjacent value: a key we control, usable only through S3.
    const key = new EncryptionKey(this, "state-key", {
      account,
      alias: state.kmsKey,
      description: `Terraform state in s3://${state.bucket}`,
      deletionWindowInDays: 30,
      statements: [
        {
          Sid: "OnlyThroughS3",
          Effect: "Deny",
          Principal: "*",
          Action: KEY_USE,
          Resource: "*",
          Condition: { StringNotEquals: { "kms:ViaService": `s3.${state.region}.amazonaws.com` } },
        },
      ],
    });
    const accessLogs = new AccessLogBucket(this, "state-access-logs", {
      bucketName: stateAccessLogBucket(account.accountId, state.region),
      account,
      sourceBucketArns: [`arn:${account.partition}:s3:::${state.bucket}`],
      // Who read or wrote which state: audit evidence like the trail (PCI DSS 10.2.1, 10.5.1).
      expireAfterDays: STATE_ACCESS_LOG_DAYS,
      forceDestroy: false,
    });
    const bucket = new SecureBucket(this, "state-bucket", {
      bucketName: state.bucket,
      kmsKeyArn: key.arn,
      noncurrentVersionExpiryDays: 90,
      // State is the one thing never to lose: a non-empty bucket blocks destroy.
      forceDestroy: false,
      accessLogs: accessLogs.target,
    });
    const table = new DynamodbTable(this, "lock-table", {
      name: state.lockTable,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
    });

    const github = new GithubOidcProvider(this, "github", { mode: config.ci.oidcProvider });

    new TerraformOutput(this, "state_bucket", { value: bucket.bucket.bucket });
    new TerraformOutput(this, "state_key_arn", { value: key.arn });
    new TerraformOutput(this, "github_oidc_provider_arn", { value: github.arn });
    new TerraformOutput(this, "lock_table", { value: table.name });
  }
}
