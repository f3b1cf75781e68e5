import * as path from "node:path";
import { Testing } from "cdktf";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { backendConfig, mainEnvironment, PaymentStack } from "../../stacks/base";
import { NetworkStack } from "../../stacks/network";
import { PROFILE_NAMES } from "../../config/types";
import { bucketNamed, configFor, onlyResource, resourcesOf, synthFoundation, type TfJson } from "../support/synth";

describe("state backend", () => {
  it("keeps each stack's state at payment/<profile>/<suffix>/<stack>.tfstate, encrypted and locked", () => {
    const { network } = synthFoundation(configFor("staging", { ENVIRONMENT_SUFFIX: "pr123" }));
    expect(network.terraform!.backend.s3).toEqual({
      bucket: "payment-platform-tfstate",
      key: "payment/staging/pr123/network.tfstate",
      region: "us-east-1",
      encrypt: true,
      kms_key_id: "alias/payment-platform-tfstate",
      dynamodb_table: "payment-platform-tflock",
    });
  });

  it("takes bucket, region and table from TF_STATE_* and adds S3-native locking on request", () => {
    const env = { TF_STATE_BUCKET: "acme-state", TF_STATE_REGION: "eu-central-1", TF_STATE_LOCK_TABLE: "acme-lock", TF_STATE_USE_LOCKFILE: "true" };
    const { network } = synthFoundation(configFor("dev", env));
    expect(network.terraform!.backend.s3).toMatchObject({ bucket: "acme-state", region: "eu-central-1", dynamodb_table: "acme-lock", use_lockfile: true });
  });

  it("gives cross-stack readers the producer's backend without the lock table", () => {
    const app = Testing.app();
    const config = configFor("dev");
    const network = new NetworkStack(app, { config });
    class Consumer extends PaymentStack {
      constructor() {
        super(app, "data", { config });
        new SsmParameter(this, "vpc", { name: "/payment/vpc", type: "String", value: network.outputs.vpcId });
      }
    }
    const consumer = new Consumer();
    network.prepareStack();
    consumer.prepareStack();
    const json = JSON.parse(Testing.synth(consumer)) as TfJson;
    const [reader] = Object.values(json.data!.terraform_remote_state);
    expect(reader).toEqual({
      backend: "s3",
      config: { bucket: "payment-platform-tfstate", key: "payment/dev/dev/network.tfstate", region: "us-east-1", encrypt: true, kms_key_id: "alias/payment-platform-tfstate" },
      workspace: "${terraform.workspace}",
    });
    expect(onlyResource(json, "aws_ssm_parameter").value).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\./);
    const producer = JSON.parse(Testing.synth(network)) as TfJson;
    expect(Object.values(producer.output!).some((o) => o.sensitive === true)).toBe(true);
  });
});

describe("bootstrap stack", () => {
  const { bootstrap } = synthFoundation(configFor("dev", { TF_STATE_BUCKET: "acme-state", TF_STATE_REGION: "eu-west-1" }));

  it("keeps its own state locally in the project root, outside cdktf.out", () => {
    expect(bootstrap.terraform!.backend).toEqual({ local: { path: path.join(__dirname, "..", "..", "terraform.bootstrap.tfstate") } });
    expect(bootstrap.provider!.aws[0].region).toBe("eu-west-1");
  });

  it("creates a versioned, encrypted, private, TLS-only state bucket that expires old versions", () => {
    const { bucket, attached } = bucketNamed(bootstrap, "acme-state");
    expect(bucket).toMatchObject({ bucket: "acme-state", force_destroy: false });
    expect(attached("aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    const [encryption] = attached("aws_s3_bucket_server_side_encryption_configuration").rule;
    expect(encryption).toMatchObject({ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true });
    expect(encryption.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.state-key_[A-Z0-9]+\.arn\}$/);
    expect(attached("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    const policy = JSON.parse(attached("aws_s3_bucket_policy").policy);
    expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const [rule] = attached("aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBe(90);
  });

  it("logs state bucket access to an access-log bucket of the state region, kept as long as the longest-lived profile's logs", () => {
    const logs = bucketNamed(bootstrap, "payment-tfstate-logs-");
    expect(logs.bucket.bucket).toMatch(/^payment-tfstate-logs-\$\{data\.aws_caller_identity\..+\.account_id\}-eu-west-1$/);
    expect(bucketNamed(bootstrap, "acme-state").attached("aws_s3_bucket_logging")).toMatchObject({
      target_bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.state-access-logs_bucket_.+\.bucket\}$/),
      target_prefix: "acme-state/",
    });
    const longest = Math.max(...PROFILE_NAMES.map((p) => configFor(p).logRetentionDays));
    expect(logs.attached("aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: longest }]);
    const delivery = JSON.parse(logs.attached("aws_s3_bucket_policy").policy).Statement[1];
    expect(delivery).toMatchObject({ Principal: { Service: "logging.s3.amazonaws.com" }, Condition: { ArnLike: { "aws:SourceArn": [expect.stringMatching(/^arn:\$\{data\.aws_partition\..+\.partition\}:s3:::acme-state$/)] } } });
  });

  it("creates an on-demand, encrypted lock table with point-in-time recovery", () => {
    expect(onlyResource(bootstrap, "aws_dynamodb_table")).toMatchObject({
      name: "payment-platform-tflock",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
    });
    expect(resourcesOf(bootstrap, "aws_dynamodb_table")).toHaveLength(1);
  });

  it("encrypts state with a customer-managed key usable only through S3 in the state region, under the backend's alias", () => {
    const key = onlyResource(bootstrap, "aws_kms_key");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(onlyResource(bootstrap, "aws_kms_alias").name).toBe("alias/payment-platform-tfstate");
    const statements = JSON.parse(key.policy).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Sid: "AccountRootAdministers", Effect: "Allow", Action: "kms:*" }));
    expect(statements).toContainEqual({
      Sid: "OnlyThroughS3",
      Effect: "Deny",
      Principal: "*",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringNotEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
  });

  it("creates the GitHub Actions OIDC provider for the sts.amazonaws.com audience, or looks up the account's", () => {
    expect(onlyResource(bootstrap, "aws_iam_openid_connect_provider")).toEqual({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    const existing = synthFoundation(configFor("dev", { GITHUB_OIDC_PROVIDER: "existing" })).bootstrap;
    expect(resourcesOf(existing, "aws_iam_openid_connect_provider")).toEqual([]);
    expect(Object.values(existing.data!.aws_iam_openid_connect_provider)).toEqual([{ url: "https://token.actions.githubusercontent.com" }]);
  });
});

describe("regional providers", () => {
  it("returns the default provider for the stack's own region and one aliased provider per other region", () => {
    const config = configFor("prod");
    const stack = new NetworkStack(Testing.app(), { config });
    expect(stack.providerFor(config.region)).toBe(stack.provider);
    const west = stack.providerFor("us-west-2");
    expect(stack.providerFor("us-west-2")).toBe(west);
    const json = JSON.parse(Testing.synth(stack)) as TfJson;
    const providers = json.provider!.aws as Record<string, any>[];
    expect(providers).toHaveLength(2);
    const aliased = providers.find((p) => p.alias === "us_west_2")!;
    const primary = providers.find((p) => p.alias === undefined)!;
    // Same settings as the default provider (tags, and whatever else every provider carries), only the region differs.
    expect({ ...aliased, alias: undefined, region: primary.region }).toEqual({ ...primary, alias: undefined });
  });
});

describe("backend endpoint overrides", () => {
  it("leaves AWS's endpoints alone by default and names the store's when set", () => {
    expect(backendConfig(configFor("dev"), "data")).not.toHaveProperty("endpoints");
    expect(backendConfig(configFor("dev", { TF_STATE_USE_PATH_STYLE: "true" }), "data")).toMatchObject({ usePathStyle: true });
    expect(backendConfig(configFor("dev", { TF_STATE_S3_ENDPOINT: "https://s3.store.internal" }), "data")).toEqual(
      expect.objectContaining({ endpoints: { s3: "https://s3.store.internal" }, skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: true }),
    );
    expect(backendConfig(configFor("dev", { TF_STATE_DYNAMODB_ENDPOINT: "http://127.0.0.1:8000" }), "data").endpoints).toEqual({ dynamodb: "http://127.0.0.1:8000" });
  });

  it("reads another environment's state in the same bucket (peering, shared ECR)", () => {
    expect(backendConfig(configFor("dev", { ENVIRONMENT_SUFFIX: "pr7" }), "network", mainEnvironment("prod")).key).toBe("payment/prod/prod/network.tfstate");
  });
});
