import { TerraformOutput } from "cdktf";
import { IMAGE_TAG_PATTERN, RELEASED_IMAGE_TAG_PREFIX, releasedImageTag } from "../../config/images";
import { EXECUTION_ROLE_PATTERN, Names } from "../../config/names";
import { PROFILES } from "../../config/profiles";
import type { ProfileName } from "../../config/types";
import { SERVICE_TAG } from "../../constructs/compute/service-iam";
import { ALB_LOG_PREFIX, AlbLogBucket } from "../../constructs/data/alb-log-bucket";
import { APP_ACCESS_STRING, REDIS_PORT, RedisCache } from "../../constructs/data/cache";
import { ECR_PULL_ACTIONS, SHARED_ECR_OUTPUTS, ServiceRepositories, SharedRepositories } from "../../constructs/data/ecr";
import { AwsAccount } from "../../constructs/iam";
import { backendConfig, mainEnvironment } from "../../stacks/backend";
import { configFor, onlyResource, resourcesOf, snapshotView, synthConstruct } from "../support/synth";
import { addressOf, bodiesBy, KMS_DELETION_WINDOW, refTo, statementsOf } from "./data-support";

/** The account's ID as AwsAccount renders it: a reference to the caller identity. */
const ACCOUNT_ID = /\$\{data\.aws_caller_identity\.[^}]+\.account_id\}/.source;

describe("ServiceRepositories (synthScope)", () => {
  const prod = PROFILES.prod;
  const names = Names.main("prod");
  const services = prod.compute.services.map((s) => s.name);
  const synth = (keepImages?: number, keepReleasedImages?: number) =>
    synthConstruct((scope) => {
      new ServiceRepositories(scope, "ecr", {
        account: new AwsAccount(scope, "account"),
        repositories: Object.fromEntries(services.map((s) => [s, names.of(s)])),
        pullerRolePattern: EXECUTION_ROLE_PATTERN,
        pullerServiceTag: SERVICE_TAG,
        keyAlias: names.kmsAlias("ecr"),
        keyDeletionWindowInDays: prod.protection ? KMS_DELETION_WINDOW.protected : KMS_DELETION_WINDOW.unprotected,
        forceDelete: !prod.protection,
        keepImages,
        keepReleasedImages,
      });
    });
  const json = synth();
  const repos = Object.fromEntries(resourcesOf(json, "aws_ecr_repository"));
  /** Repository name -> the body of `type` that names that repository. */
  const attached = (type: string) =>
    Object.fromEntries(resourcesOf(json, type).map(([, body]) => [repos[/^\$\{aws_ecr_repository\.(.+)\.name\}$/.exec(body.repository)![1]].name, body]));

  it("has one immutable, scanned-on-push repository per service, each with its own policy and lifecycle", () => {
    const expected = services.map((s) => names.of(s)).sort();
    expect(Object.values(repos).map((r) => r.name).sort()).toEqual(expected);
    for (const type of ["aws_ecr_repository_policy", "aws_ecr_lifecycle_policy"]) {
      expect(resourcesOf(json, type)).toHaveLength(services.length);
      expect(Object.keys(attached(type)).sort()).toEqual(expected);
    }
    for (const repo of Object.values(repos)) {
      expect(repo).toMatchObject({ image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true }, force_delete: !prod.protection });
    }
  });

  it("encrypts every repository with its own rotating customer key", () => {
    for (const repo of Object.values(repos)) expect(repo.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: refTo(json, "aws_kms_key", "arn") }]);
    expect(onlyResource(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: KMS_DELETION_WINDOW.protected });
    expect(onlyResource(json, "aws_kms_alias")).toMatchObject({ name: names.kmsAlias("ecr"), target_key_id: refTo(json, "aws_kms_key", "key_id") });
  });

  it("refuses pulls by the platform's execution roles tagged for another service, whatever their own policy says", () => {
    const policies = attached("aws_ecr_repository_policy");
    for (const service of services) {
      expect(statementsOf(policies[names.of(service)])).toEqual([
        {
          Sid: "OnlyThisServicesExecutionRolesPull",
          Effect: "Deny",
          Principal: "*",
          Action: ECR_PULL_ACTIONS,
          Condition: {
            ArnLike: { "aws:PrincipalArn": expect.stringMatching(new RegExp(`:iam::${ACCOUNT_ID}:role/${EXECUTION_ROLE_PATTERN.replace("*", "\\*")}$`)) },
            StringNotEquals: { [`aws:PrincipalTag/${SERVICE_TAG}`]: service },
          },
        },
      ]);
    }
    // Only the pull actions are denied: pushes stay with whoever's identity policy allows them.
    expect(ECR_PULL_ACTIONS).toEqual(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]);
  });

  it.each([
    [undefined, undefined, 10, 100],
    [3, 20, 3, 20],
  ])("expires all but the newest images and never a released one before its count (keepImages %s, keepReleasedImages %s)", (keepImages, keepReleasedImages, kept, keptReleased) => {
    const lifecycles = resourcesOf(keepImages === undefined ? json : synth(keepImages, keepReleasedImages), "aws_ecr_lifecycle_policy");
    expect(lifecycles).toHaveLength(services.length);
    for (const [, lifecycle] of lifecycles) {
      const rules = JSON.parse(lifecycle.policy).rules;
      expect(rules).toEqual([
        expect.objectContaining({
          rulePriority: 1,
          selection: { tagStatus: "tagged", tagPrefixList: [RELEASED_IMAGE_TAG_PREFIX], countType: "imageCountMoreThan", countNumber: keptReleased },
          action: { type: "expire" },
        }),
        expect.objectContaining({ rulePriority: 2, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: kept }, action: { type: "expire" } }),
      ]);
    }
  });

  it("names released images with the prefix the lifecycle keeps, within Docker's tag rules", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    expect(releasedImageTag("prod", digest)).toBe(`${RELEASED_IMAGE_TAG_PREFIX}prod-${"ab".repeat(32)}`);
    expect(releasedImageTag("prod", digest)).toMatch(IMAGE_TAG_PATTERN);
    expect(() => releasedImageTag("prod", "3f9c2ab")).toThrow("not an image digest: 3f9c2ab");
  });

  it("matches its snapshot", () => {
    const one = synthConstruct((scope) => {
      new ServiceRepositories(scope, "ecr", {
        account: new AwsAccount(scope, "account"),
        repositories: { [services[0]]: names.of(services[0]) },
        pullerRolePattern: EXECUTION_ROLE_PATTERN,
        pullerServiceTag: SERVICE_TAG,
        keyAlias: names.kmsAlias("ecr"),
        forceDelete: false,
      });
    });
    expect(snapshotView(one)).toMatchSnapshot();
  });
});

describe("SharedRepositories (synthScope)", () => {
  // An environment sharing staging's repositories reads staging's main data state.
  const consumer = configFor("dev");
  const ownerState = backendConfig(consumer, "data", mainEnvironment("staging"));
  const services = consumer.compute.services.map((s) => s.name);
  const json = synthConstruct((scope) => {
    const shared = new SharedRepositories(scope, "shared-ecr", { ownerState, services });
    new TerraformOutput(scope, "key_arn", { value: shared.keyArn });
    for (const service of services) {
      new TerraformOutput(scope, `${service}_url`, { value: shared.byService[service].url });
      new TerraformOutput(scope, `${service}_arn`, { value: shared.byService[service].arn });
    }
  });
  const readers = Object.entries(json.data?.terraform_remote_state ?? {});
  const owner = `data.terraform_remote_state.${readers[0]?.[0]}.outputs`;
  /** The expression behind an output, through the local that holds it. */
  const expressionOf = (output: string) => {
    const local = /^\$\{local\.(.+)\}$/.exec(String(json.output?.[output].value))?.[1];
    return local === undefined ? json.output?.[output].value : json.locals?.[local];
  };

  it("creates no repository, key or other resource", () => {
    expect(json.resource).toBeUndefined();
  });

  it("reads the owner's data state through its backend, in this workspace, without the lock table", () => {
    expect(readers).toHaveLength(1);
    const { dynamodbTable, kmsKeyId, ...rest } = ownerState;
    expect(dynamodbTable).toBeDefined();
    expect(readers[0][1]).toEqual({ backend: "s3", config: { ...rest, kms_key_id: kmsKeyId }, workspace: "${terraform.workspace}" });
  });

  it("hands out each service's repository URL and ARN, and the images' key, from the owner's outputs", () => {
    expect(expressionOf("key_arn")).toBe(`\${${owner}.${SHARED_ECR_OUTPUTS.key}}`);
    for (const service of services) {
      for (const [kind, output] of [["url", SHARED_ECR_OUTPUTS.urls], ["arn", SHARED_ECR_OUTPUTS.arns]]) {
        const expression = String(expressionOf(`${service}_${kind}`));
        expect(expression.startsWith(`\${${owner}.${output}`)).toBe(true);
        expect(expression).toMatch(new RegExp(`(\\["${service}"\\]|\\.${service})\\}$`));
      }
    }
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("RedisCache (synthScope)", () => {
  const synth = (profile: ProfileName) => {
    const config = PROFILES[profile];
    const names = Names.main(profile);
    return synthConstruct((scope) => {
      new RedisCache(scope, "cache", {
        name: (thing) => names.of(thing),
        cache: config.cache,
        availabilityZones: config.network.availabilityZones,
        subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        securityGroupId: "sg-cache",
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/secrets",
        logsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
        logRetentionDays: config.logRetentionDays,
        protection: config.protection,
        applyImmediately: profile !== "prod",
      });
    });
  };

  // prod is protected and redundant; dev's (switched-off) cache is one unprotected node.
  describe.each(["prod", "dev"] as const)("%s", (profile) => {
    const config = PROFILES[profile];
    const { cache } = config;
    const names = Names.main(profile);
    const json = synth(profile);
    const group = onlyResource(json, "aws_elasticache_replication_group");
    const users = bodiesBy(json, "aws_elasticache_user", "user_name");
    const appUser = users[names.of("cache-app")];

    it("encrypts at rest with the customer key and in transit", () => {
      expect(group).toMatchObject({
        replication_group_id: names.of("cache"),
        engine: "redis",
        engine_version: cache.engineVersion,
        node_type: cache.nodeType,
        port: REDIS_PORT,
        at_rest_encryption_enabled: "true",
        kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/secrets",
        transit_encryption_enabled: true,
        security_group_ids: ["sg-cache"],
        subnet_group_name: refTo(json, "aws_elasticache_subnet_group", "name"),
      });
      expect(group.auth_token).toBeUndefined();
    });

    it("authenticates the app as an IAM user and switches the default user off", () => {
      expect(Object.keys(users).sort()).toEqual(["default", names.of("cache-app")].sort());
      // IAM authentication requires user_id == user_name.
      expect(appUser).toMatchObject({ user_id: names.of("cache-app"), engine: "redis", authentication_mode: { type: "iam" }, access_string: APP_ACCESS_STRING });
      expect(APP_ACCESS_STRING).toContain("-@dangerous");
      expect(users.default).toMatchObject({ access_string: "off -@all", authentication_mode: { type: "no-password-required" } });
      expect(users.default.passwords).toBeUndefined();
      const userGroup = onlyResource(json, "aws_elasticache_user_group");
      expect(userGroup.user_ids).toHaveLength(2);
      expect(group.user_group_ids).toEqual([refTo(json, "aws_elasticache_user_group", "user_group_id")]);
    });

    it("fails over across AZs exactly when it has more than one node", () => {
      const azs = config.network.availabilityZones;
      expect(group).toMatchObject({
        num_cache_clusters: cache.nodeCount,
        automatic_failover_enabled: cache.nodeCount > 1,
        multi_az_enabled: cache.nodeCount > 1,
        preferred_cache_cluster_azs: Array.from({ length: cache.nodeCount }, (_, i) => azs[i % azs.length]),
      });
    });

    it("keeps a week of snapshots and a final one only when protected", () => {
      expect(group.snapshot_retention_limit).toBe(config.protection ? 7 : 1);
      expect(group.final_snapshot_identifier).toBe(config.protection ? names.of("cache-final") : undefined);
    });

    it("delivers the slow log to a KMS-encrypted log group with the profile's retention", () => {
      expect(onlyResource(json, "aws_cloudwatch_log_group")).toEqual({
        name: `/aws/elasticache/${names.of("cache")}/slow-log`,
        kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/logs",
        retention_in_days: config.logRetentionDays,
      });
      expect(group.log_delivery_configuration).toEqual([
        { destination: refTo(json, "aws_cloudwatch_log_group", "name"), destination_type: "cloudwatch-logs", log_format: "json", log_type: "slow-log" },
      ]);
    });
  });

  it("is exercised both redundant (prod) and single-node (dev)", () => {
    expect(PROFILES.prod.cache.nodeCount).toBeGreaterThan(1);
    expect(PROFILES.dev.cache.nodeCount).toBe(1);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(synth("dev"))).toMatchSnapshot();
  });
});

describe("AlbLogBucket (synthScope)", () => {
  const prod = PROFILES.prod;
  const names = Names.main("prod");
  const json = synthConstruct((scope) => {
    const account = new AwsAccount(scope, "account");
    new AlbLogBucket(scope, "alb-logs", {
      bucketName: names.bucket("alb-logs", account.accountId),
      account,
      expireAfterDays: prod.logRetentionDays,
      noncurrentVersionExpiryDays: 30,
      forceDestroy: !prod.protection,
      accessLogs: { bucketName: "payment-access-logs-prod-123456789012" },
    });
  });
  const bucket = refTo(json, "aws_s3_bucket", "id");
  const statements = statementsOf(onlyResource(json, "aws_s3_bucket_policy"));
  const logObjects = `${refTo(json, "aws_s3_bucket", "arn")}/${ALB_LOG_PREFIX}/AWSLogs/`;

  it("encrypts with SSE-S3, the only encryption ELB log delivery supports", () => {
    expect(onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration")).toEqual({
      bucket,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false }],
    });
  });

  it("refuses every request without TLS, to the bucket and its objects", () => {
    expect(statements[0]).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [refTo(json, "aws_s3_bucket", "arn"), `${refTo(json, "aws_s3_bucket", "arn")}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("lets the ELB log-delivery principal and the regional ELB account put objects under this account's log prefix only", () => {
    const allows = statements.filter((s) => s.Effect === "Allow");
    expect(allows.map((s) => s.Principal)).toEqual([
      { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      { AWS: `\${data.aws_elb_service_account.${Object.keys(json.data!.aws_elb_service_account)[0]}.arn}` },
    ]);
    for (const allow of allows) {
      expect(allow.Action).toBe("s3:PutObject");
      expect(allow.Resource).toMatch(new RegExp(`^${logObjects.replace(/[$.{}/]/g, "\\$&")}${ACCOUNT_ID}/\\*$`));
    }
    expect(statements).toHaveLength(3);
  });

  it("blocks public access, disables ACLs, versions and expires logs after the retention", () => {
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toEqual({ bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(onlyResource(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule[0]).toMatchObject({ expiration: [{ days: prod.logRetentionDays }] });
    expect(onlyResource(json, "aws_s3_bucket").force_destroy).toBe(!prod.protection);
    expect(onlyResource(json, "aws_s3_bucket_policy").depends_on).toEqual([addressOf(json, "aws_s3_bucket_public_access_block")]);
  });

  it("writes its own server access logs to the access-log bucket", () => {
    expect(onlyResource(json, "aws_s3_bucket_logging")).toMatchObject({ bucket, target_bucket: "payment-access-logs-prod-123456789012" });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});
