import * as path from "node:path";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/types";
import { AccountGuard } from "../constructs/account-guard";
import { SecureBucket } from "../constructs/secure-bucket";
import { defaultTags } from "./base";

/** Local state of the bootstrap stack: the project root, outside cdktf.out (git-ignored). */
export const BOOTSTRAP_STATE_FILE = path.resolve(__dirname, "..", "terraform.bootstrap.tfstate");

/**
 * Creates what the other stacks' backend needs: the state bucket and the lock table.
 * Its own state is local (terraform.bootstrap.tfstate in the project root, git-ignored),
 * because the bucket it would live in does not exist yet. One per account, shared by
 * every environment; both resources refuse to be destroyed while they hold state.
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

    const bucket = new SecureBucket(this, "state-bucket", {
      bucketName: state.bucket,
      noncurrentVersionExpiryDays: 90,
      // State is the one thing never to lose: a non-empty bucket blocks destroy.
      forceDestroy: false,
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

    new TerraformOutput(this, "state_bucket", { value: bucket.bucket.bucket });
    new TerraformOutput(this, "lock_table", { value: table.name });
  }
}
