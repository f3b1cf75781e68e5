import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Fn, Testing, TerraformStack } from "cdktf";
import { BucketReplication } from "../../constructs/bucket-replication";
import { FrontendDistribution, FAILOVER_STATUS_CODES } from "../../constructs/edge/distribution";
import { FrontendBucket } from "../../constructs/edge/frontend-bucket";
import { AwsAccount } from "../../constructs/iam";
import { WafLogDeliveryPolicy } from "../../constructs/edge/waf-log-delivery-policy";
import { WafLogging } from "../../constructs/edge/waf-logging";
import { BODY_SIZE_LABEL, inspectionLimitFor, RATE_WINDOW_SECONDS, RESPONSE_BODIES, WebAcl } from "../../constructs/edge/web-acl";
import { onlyResource, type TfJson } from "../support/synth";

function synthWith(build: (stack: TerraformStack) => void): TfJson {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

const scoped = (build: Parameters<typeof Testing.synthScope>[0]): TfJson => JSON.parse(Testing.synthScope(build)) as TfJson;

/** A stand-in for the delivery policy the logging configuration waits for. */
function deliveryPolicy(stack: TerraformStack) {
  return new WafLogDeliveryPolicy(stack, "delivery", { name: "p", account: new AwsAccount(stack, "account"), region: "eu-west-1", logGroupNames: ["aws-waf-logs-test"] }).policy;
}

describe("WafLogging", () => {
  it("refuses a log group WAF cannot write to", () => {
    expect(() =>
      synthWith((s) => new WafLogging(s, "logging", { webAclArn: "arn", logGroupName: "/waf/payment", kmsKeyArn: "key", retentionInDays: 30, deliveryPolicy: deliveryPolicy(s) })),
    ).toThrow(/must start with aws-waf-logs-/);
  });

  it("lowercases redacted header names, through Terraform when the name is a token, and waits for the delivery policy", () => {
    const json = synthWith((s) => {
      new WafLogging(s, "logging", {
        webAclArn: "arn",
        logGroupName: "aws-waf-logs-test",
        kmsKeyArn: "key",
        retentionInDays: 30,
        redactedHeaders: ["X-Origin-Verify", Fn.upper("x-token")],
        deliveryPolicy: deliveryPolicy(s),
      });
    });
    const logging = onlyResource(json, "aws_wafv2_web_acl_logging_configuration");
    expect(logging.redacted_fields).toEqual([
      { single_header: { name: "authorization" } },
      { single_header: { name: "x-origin-verify" } },
      { single_header: { name: '${lower(upper("x-token"))}' } },
    ]);
    expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_resource_policy\./)]);
  });
});

describe("WafLogDeliveryPolicy", () => {
  const json = scoped((scope) => {
    new WafLogDeliveryPolicy(scope, "delivery", {
      name: "payment-waf-log-delivery-test",
      account: new AwsAccount(scope, "account"),
      region: "us-east-1",
      logGroupNames: ["aws-waf-logs-payment-cloudfront-test", "aws-waf-logs-payment-alb-test"],
    });
  });
  const policy = onlyResource(json, "aws_cloudwatch_log_resource_policy");
  const document = JSON.parse(policy.policy_document);

  it("grants the log delivery service only writes to the named groups, from this account", () => {
    expect(policy.policy_name).toBe("payment-waf-log-delivery-test");
    expect(document.Statement).toHaveLength(1);
    const [statement] = document.Statement;
    expect(statement).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    });
    expect(statement.Resource).toEqual(
      ["cloudfront", "alb"].map((s) => expect.stringMatching(new RegExp(`^arn:.+:logs:us-east-1:.+:log-group:aws-waf-logs-payment-${s}-test:log-stream:\\*$`))),
    );
    expect(statement.Condition.StringEquals["aws:SourceAccount"]).toMatch(/data\.aws_caller_identity/);
    expect(statement.Condition.ArnLike["aws:SourceArn"]).toMatch(/^arn:.+:logs:us-east-1:.+:\*$/);
  });

  it("stays far below the 5,120-character cap of a resource policy", () => {
    expect(policy.policy_document.length).toBeLessThan(1_024);
  });

  it("matches the snapshot", () => {
    expect(json.resource).toMatchSnapshot();
  });
});

describe("WebAcl", () => {
  const acl = (props: Partial<ConstructorParameters<typeof WebAcl>[2]> = {}) =>
    onlyResource(
      scoped((scope) => {
        new WebAcl(scope, "acl", { name: "acl", scope: "REGIONAL", rateLimit: 100, largeBodyPath: { pathPrefix: "/webhook/" }, ...props });
      }),
      "aws_wafv2_web_acl",
    );
  const ruleNamed = (body: Record<string, any>, name: string) => body.rule.find((r: any) => r.name === name);

  it("counts the connecting IP unless told otherwise", () => {
    const rate = acl().rule[0].statement.rate_based_statement;
    expect(rate).toEqual({ limit: 100, aggregate_key_type: "IP", evaluation_window_sec: 300 });
  });

  it("answers a rate-limited client 429 with a JSON body and Retry-After", () => {
    const body = acl();
    expect(ruleNamed(body, "RateLimitPerClient").action).toEqual({
      block: {
        custom_response: {
          response_code: 429,
          custom_response_body_key: "rate-limited",
          response_header: [{ name: "Retry-After", value: String(RATE_WINDOW_SECONDS) }],
        },
      },
    });
    const bodies = Object.fromEntries(body.custom_response_body.map((b: any) => [b.key, b]));
    expect(Object.keys(bodies).sort()).toEqual(Object.keys(RESPONSE_BODIES).sort());
    for (const b of body.custom_response_body) {
      expect(b.content_type).toBe("APPLICATION_JSON");
      expect(JSON.parse(b.content)).toEqual(RESPONSE_BODIES[b.key as keyof typeof RESPONSE_BODIES]);
    }
  });

  it("only counts the Common rule set's 8 KB body rule and decides right after it, answering 413", () => {
    const body = acl();
    const names = body.rule.map((r: any) => r.name);
    expect(names.indexOf("BodySizeLimit")).toBe(names.indexOf("AWSManagedRulesCommonRuleSet") + 1);
    expect(body.rule.map((r: any) => r.priority)).toEqual(body.rule.map((_: unknown, i: number) => i));
    expect(ruleNamed(body, "AWSManagedRulesCommonRuleSet").statement.managed_rule_group_statement.rule_action_override).toEqual([
      { name: "SizeRestrictions_BODY", action_to_use: { count: {} } },
    ]);
    const sizeRule = ruleNamed(body, "BodySizeLimit");
    expect(sizeRule.action.block.custom_response).toEqual({ response_code: 413, custom_response_body_key: "body-too-large" });
    const [label] = sizeRule.statement.and_statement.statement;
    expect(label).toEqual({ label_match_statement: { scope: "LABEL", key: BODY_SIZE_LABEL } });
  });

  it("on an ALB, exempts the large-body prefix without measuring it (WAF sees 8 KB there)", () => {
    const body = acl();
    const [, rest] = ruleNamed(body, "BodySizeLimit").statement.and_statement.statement;
    expect(rest).toEqual({
      not_statement: {
        statement: [
          {
            byte_match_statement: {
              search_string: "/webhook/",
              positional_constraint: "STARTS_WITH",
              field_to_match: { uri_path: {} },
              text_transformation: [{ priority: 0, type: "NORMALIZE_PATH" }],
            },
          },
        ],
      },
    });
    expect(body.association_config).toBeUndefined();
  });

  it("at CloudFront, accepts large bodies under the prefix up to maxBytes and has WAF inspect them whole", () => {
    const body = acl({ scope: "CLOUDFRONT", largeBodyPath: { pathPrefix: "/hooks/", maxBytes: 20_000 } });
    const [, rest] = ruleNamed(body, "BodySizeLimit").statement.and_statement.statement;
    const [notUnder, tooLarge] = rest.or_statement.statement;
    expect(notUnder.not_statement.statement[0].byte_match_statement.search_string).toBe("/hooks/");
    expect(tooLarge.size_constraint_statement).toMatchObject({ comparison_operator: "GT", size: 20_000, field_to_match: { body: { oversize_handling: "MATCH" } } });
    expect(body.association_config).toEqual({ request_body: [{ cloudfront: { default_size_inspection_limit: "KB_32" } }] });
  });

  it("refuses a body size on a REGIONAL ACL, which cannot see past 8 KB", () => {
    expect(() => acl({ largeBodyPath: { pathPrefix: "/webhook/", maxBytes: 16_384 } })).toThrow(/CLOUDFRONT scope/);
  });

  it.each([
    [8_192, "KB_16"],
    [16_384, "KB_16"],
    [16_385, "KB_32"],
    [65_536, "KB_64"],
  ])("inspects %i bytes with the %s limit", (bytes, limit) => {
    expect(inspectionLimitFor(bytes)).toBe(limit);
  });

  it("refuses a body CloudFront cannot forward whole", () => {
    expect(() => inspectionLimitFor(65_537)).toThrow(/at most 65536/);
  });

  it("matches the snapshot", () => {
    expect(acl({ scope: "CLOUDFRONT", largeBodyPath: { pathPrefix: "/webhook/", maxBytes: 16_384 } })).toMatchSnapshot();
  });
});

describe("FrontendDistribution", () => {
  const build = (replica?: string) =>
    onlyResource(
      scoped((scope) => {
        new FrontendDistribution(scope, "cdn", {
          oacName: "oac",
          comment: "test",
          bucketRegionalDomainName: "primary.s3.us-east-1.amazonaws.com",
          replicaBucketRegionalDomainName: replica,
          apiPathPatterns: ["/api/*", "/webhook/*", "/api/fraud/*"],
          viewerRequestFunctionArn: "arn:aws:cloudfront::123456789012:function/spa",
          api: { domainName: "api.example.com", tls: true, verifyHeader: { name: "X-Origin-Verify", value: "secret" } },
          priceClass: "PriceClass_100",
          responseHeadersPolicyId: "headers",
          webAclArn: "acl",
        });
      }),
      "aws_cloudfront_distribution",
    );

  it("orders the API behaviors most specific first", () => {
    expect(build().ordered_cache_behavior.map((b: any) => b.path_pattern)).toEqual(["/api/fraud/*", "/webhook/*", "/api/*"]);
  });

  it("routes the SPA with the viewer-request function and has no distribution-wide error responses", () => {
    const distribution = build();
    expect(distribution.custom_error_response).toBeUndefined();
    expect(distribution.default_cache_behavior.function_association).toEqual([
      { event_type: "viewer-request", function_arn: "arn:aws:cloudfront::123456789012:function/spa" },
    ]);
    distribution.ordered_cache_behavior.forEach((b: any) => expect(b.function_association).toBeUndefined());
  });

  it("without a replica serves the bucket directly", () => {
    const distribution = build();
    expect(distribution.origin_group).toBeUndefined();
    expect(distribution.default_cache_behavior.target_origin_id).toBe("frontend-bucket");
  });

  it("with a replica fails over to it on server errors, both read through the origin access control", () => {
    const distribution = build("replica.s3.us-west-2.amazonaws.com");
    expect(distribution.origin_group).toEqual([
      {
        origin_id: "frontend-failover",
        failover_criteria: { status_codes: [...FAILOVER_STATUS_CODES] },
        member: [{ origin_id: "frontend-bucket" }, { origin_id: "frontend-replica" }],
      },
    ]);
    expect(FAILOVER_STATUS_CODES).not.toContain(403);
    expect(distribution.default_cache_behavior).toMatchObject({ target_origin_id: "frontend-failover", allowed_methods: ["GET", "HEAD"] });
    const s3Origins = distribution.origin.filter((o: any) => o.origin_id !== "alb");
    expect(s3Origins.map((o: any) => o.domain_name)).toEqual(["primary.s3.us-east-1.amazonaws.com", "replica.s3.us-west-2.amazonaws.com"]);
    s3Origins.forEach((o: any) => expect(o.origin_access_control_id).toMatch(/aws_cloudfront_origin_access_control\..+\.id/));
  });

  it("matches the snapshot", () => {
    expect(build("replica.s3.us-west-2.amazonaws.com")).toMatchSnapshot();
  });
});

describe("BucketReplication", () => {
  const json = scoped((scope) => {
    const account = new AwsAccount(scope, "account");
    const versioning = (name: string) => new S3BucketVersioningA(scope, `versioning-${name}`, { bucket: name, versioningConfiguration: { status: "Enabled" } });
    const bucket = (name: string, region: string) => ({
      bucketId: name,
      bucketArn: `arn:aws:s3:::${name}`,
      keyArn: `arn:aws:kms:${region}:123456789012:key/${name}`,
      region,
      versioning: versioning(name),
    });
    new BucketReplication(scope, "replication", { account, name: "payment-replication-test", source: bucket("primary", "us-east-1"), destination: bucket("replica", "us-west-2") });
  });
  const statements = JSON.parse(onlyResource(json, "aws_iam_policy").policy).Statement;
  const bySid = Object.fromEntries(statements.map((s: any) => [s.Sid, s]));

  it("uses each key only through S3 in its region, for its bucket (object or Bucket Key context)", () => {
    expect(bySid.DecryptSource).toEqual({
      Sid: "DecryptSource",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: "arn:aws:kms:us-east-1:123456789012:key/primary",
      Condition: {
        StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::primary", "arn:aws:s3:::primary/*"] },
      },
    });
    expect(bySid.EncryptReplicas.Condition.StringLike["kms:EncryptionContext:aws:s3:arn"]).toEqual(["arn:aws:s3:::replica", "arn:aws:s3:::replica/*"]);
  });

  it("reads only the source and writes only replicas of the destination", () => {
    expect(bySid.ReadReplicationConfiguration.Resource).toBe("arn:aws:s3:::primary");
    expect(bySid.ReadSourceVersions.Resource).toBe("arn:aws:s3:::primary/*");
    expect(bySid.WriteReplicas).toMatchObject({ Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: "arn:aws:s3:::replica/*" });
  });

  it("waits for versioning on both sides and for the role's policy", () => {
    const configuration = onlyResource(json, "aws_s3_bucket_replication_configuration");
    expect(configuration.depends_on).toEqual([
      "aws_s3_bucket_versioning.versioning-primary",
      "aws_s3_bucket_versioning.versioning-replica",
      expect.stringMatching(/^aws_iam_role_policy_attachment\./),
    ]);
    expect(configuration.role).toMatch(/aws_iam_role\..+\.arn/);
  });

  it("matches the snapshot", () => {
    expect(json.resource).toMatchSnapshot();
  });
});

describe("FrontendBucket in another region", () => {
  const json = scoped((scope) => {
    const dr = new AwsProvider(scope, "dr", { alias: "dr", region: "us-west-2" });
    new FrontendBucket(scope, "replica", {
      account: new AwsAccount(scope, "account"),
      bucketName: "payment-frontend-replica-test",
      keyAlias: "alias/payment-frontend-replica-test",
      distributionArn: "arn:aws:cloudfront::123456789012:distribution/E1",
      forceDestroy: true,
      provider: dr,
      accessLogs: { bucketName: "payment-replica-access-logs-test" },
    });
  });

  it("puts the key, its alias, the bucket and every bucket setting on that region's provider", () => {
    const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.values(byName).map((body) => [type, body] as const));
    expect(resources.map(([type]) => type).sort()).toEqual(
      [
        "aws_kms_alias",
        "aws_kms_key",
        "aws_s3_bucket",
        "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_logging",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
      ].sort(),
    );
    resources.forEach(([, body]) => expect(body.provider).toBe("aws.dr"));
  });
});
