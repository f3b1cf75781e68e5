import { PROFILE_NAMES } from "../../config/types";
import { albRoutes } from "../../config/routing";
import { MANAGED_POLICY_IDS } from "../../constructs/edge/distribution";
import { spaRouterCode } from "../../constructs/edge/spa-router";
import { CONTENT_SECURITY_POLICY } from "../../constructs/edge/security-headers";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { byName, DISTRIBUTION_ARN, distributionOf, edge, ORIGIN_SECRET, statementsOf } from "./fixture";

describe.each(PROFILE_NAMES)("edge stack: bucket and distribution (%s)", (profile) => {
  const json = edge(profile);
  const config = configFor(profile);

  it("reads the bucket through an origin access control, never a legacy OAI", () => {
    expect(onlyResource(json, "aws_cloudfront_origin_access_control")).toMatchObject({
      name: `payment-cloudfront-oac-${profile}`,
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    expect(resourcesOf(json, "aws_cloudfront_origin_access_identity")).toEqual([]);
    const s3Origin = distributionOf(json).origin.find((o: any) => o.origin_id === "frontend-bucket");
    expect(s3Origin.origin_access_control_id).toMatch(/aws_cloudfront_origin_access_control\..+\.id/);
    expect(s3Origin.domain_name).toMatch(/aws_s3_bucket\..+\.bucket_regional_domain_name/);
    expect(s3Origin.s3_origin_config).toBeUndefined();
  });

  // The frontend bucket, and in a profile with a DR replica its copy: both held to the same rules.
  // (The replica's access-log bucket is not a frontend copy: its id does not start with "frontend".)
  const policies = resourcesOf(json, "aws_s3_bucket_policy")
    .filter(([id]) => id.startsWith("frontend"))
    .map(([, p]) => p);

  it("has one bucket per frontend copy", () => {
    expect(resourcesOf(json, "aws_s3_bucket").filter(([id]) => id.startsWith("frontend"))).toHaveLength(config.edge.frontendReplicaRegion ? 2 : 1);
  });

  it.each(policies.map((p, i) => [i, p]))("lets only this distribution read objects of bucket %i, and only over TLS", (_, policy) => {
    const statements = statementsOf(policy.policy);
    const deny = statements.find((s) => s.Sid === "DenyInsecureTransport");
    expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    const allows = statements.filter((s) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject" });
    expect(allows[0].Resource).toMatch(/\.arn\}\/\*$/);
    expect(allows[0].Condition.StringEquals["AWS:SourceArn"]).toMatch(DISTRIBUTION_ARN);
  });

  it("encrypts the bucket with its own key that CloudFront may only decrypt, for this distribution", () => {
    const bucket = resourcesOf(json, "aws_s3_bucket").find(([id]) => id.startsWith("frontend_"))![1];
    expect(bucket.bucket).toMatch(new RegExp(`^payment-frontend-${profile}-\\$\\{data\\.aws_caller_identity\\.`));
    expect(bucket.force_destroy).toBe(!config.protection);
    const sse = resourcesOf(json, "aws_s3_bucket_server_side_encryption_configuration").find(([id]) => id.startsWith("frontend_"))![1].rule[0]
      .apply_server_side_encryption_by_default;
    expect(sse.sse_algorithm).toBe("aws:kms");
    const alias = byName(json, "aws_kms_alias", `alias/payment-frontend-${profile}`);
    const keyRef = /aws_kms_key\.(\S+?)\.key_id/.exec(alias.target_key_id)![1];
    expect(sse.kms_master_key_id).toBe(`\${aws_kms_key.${keyRef}.arn}`);
    const grant = statementsOf(json.resource!.aws_kms_key[keyRef].policy).find((s) => s.Principal.Service === "cloudfront.amazonaws.com");
    expect(grant.Action).toEqual(["kms:Decrypt"]);
    expect(grant.Condition.StringEquals["AWS:SourceArn"]).toMatch(DISTRIBUTION_ARN);
  });

  it("keeps old versions 90 days and aborts incomplete uploads, in every copy", () => {
    const all = (type: string) => resourcesOf(json, type).filter(([id]) => id.startsWith("frontend")).map(([, r]) => r);
    const copies = all("aws_s3_bucket").length;
    expect(all("aws_s3_bucket_versioning").map((v) => v.versioning_configuration.status)).toEqual(Array(copies).fill("Enabled"));
    all("aws_s3_bucket_public_access_block").forEach((b) => expect(b).toMatchObject({ block_public_acls: true, restrict_public_buckets: true }));
    expect(all("aws_s3_bucket_lifecycle_configuration")).toHaveLength(copies);
    for (const { rule: [rule] } of all("aws_s3_bucket_lifecycle_configuration")) {
      expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
      expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    }
  });

  it("adds HSTS with preload, DENY framing and a strict CSP to every response", () => {
    const policy = onlyResource(json, "aws_cloudfront_response_headers_policy");
    expect(policy.name).toBe(`payment-security-headers-${profile}`);
    const headers = policy.security_headers_config;
    expect(headers.strict_transport_security).toEqual({ access_control_max_age_sec: 63072000, include_subdomains: true, preload: true, override: true });
    expect(headers.frame_options).toEqual({ frame_option: "DENY", override: true });
    expect(headers.content_type_options).toEqual({ override: true });
    expect(headers.referrer_policy.referrer_policy).toBe("strict-origin-when-cross-origin");
    expect(headers.content_security_policy.content_security_policy).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(headers.xss_protection).toMatchObject({ protection: true, mode_block: true });
    const distribution = distributionOf(json);
    const behaviors = [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior];
    behaviors.forEach((b) => expect(b.response_headers_policy_id).toMatch(/aws_cloudfront_response_headers_policy\..+\.id/));
  });

  it("routes the SPA with the viewer-request function on the default behavior only, with HTTPS, HTTP/3 and compression", () => {
    const distribution = distributionOf(json);
    expect(distribution).toMatchObject({
      enabled: true,
      default_root_object: "index.html",
      http_version: "http2and3",
      retain_on_delete: false,
      wait_for_deployment: false,
      restrictions: { geo_restriction: { restriction_type: "none" } },
    });
    // Error responses would apply to every behavior: API and WAF statuses must reach clients unchanged.
    expect(distribution.custom_error_response).toBeUndefined();
    expect(distribution.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: "redirect-to-https",
      compress: true,
      cache_policy_id: MANAGED_POLICY_IDS.cachingOptimized,
      function_association: [{ event_type: "viewer-request", function_arn: expect.stringMatching(/^\$\{aws_cloudfront_function\.spa-router_function_\w+\.arn\}$/) }],
    });
    distribution.ordered_cache_behavior.forEach((b: any) => expect(b.function_association).toBeUndefined());
    expect(onlyResource(json, "aws_cloudfront_function")).toMatchObject({
      name: `payment-spa-router-${profile}`,
      runtime: "cloudfront-js-2.0",
      publish: true,
      code: spaRouterCode(),
    });
  });

  it("uses the profile's price class and the CLOUDFRONT web ACL", () => {
    const distribution = distributionOf(json);
    expect(distribution.price_class).toBe(config.edge.priceClass);
    const acl = byName(json, "aws_wafv2_web_acl", `payment-cloudfront-${profile}`);
    expect(acl.scope).toBe("CLOUDFRONT");
    expect(distribution.web_acl_id).toMatch(/^\$\{aws_wafv2_web_acl\.cloudfront-waf_acl_\w+\.arn\}$/);
  });

  it("passes every service's ALB paths uncached to the ALB, most specific first, with every method and the origin secret", () => {
    const distribution = distributionOf(json);
    expect(distribution.ordered_cache_behavior.map((b: any) => b.path_pattern)).toEqual(albRoutes(config.compute.services).map((r) => r.pattern));
    for (const behavior of distribution.ordered_cache_behavior) {
      expect(behavior).toMatchObject({
        target_origin_id: "alb",
        viewer_protocol_policy: "https-only",
        cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      });
      expect([...behavior.allowed_methods].sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
    }
    const alb = distribution.origin.find((o: any) => o.origin_id === "alb");
    expect(alb.custom_header).toEqual([{ name: "X-Origin-Verify", value: `\${sensitive("${ORIGIN_SECRET}")}` }]);
  });

  it("outputs the URLs, IDs and ACL ARNs but never the origin secret", () => {
    const replica = config.edge.frontendReplicaRegion ? ["frontend_replica_bucket_name"] : [];
    expect(Object.keys(json.output!).sort()).toEqual(
      ["alb_url", "alb_web_acl_arn", "cloudfront_distribution_id", "cloudfront_url", "cloudfront_web_acl_arn", "frontend_bucket_name", ...replica].sort(),
    );
    expect(json.output!.cloudfront_url.value).toMatch(/^https:\/\//);
    expect(JSON.stringify(json.output)).not.toContain(ORIGIN_SECRET);
  });
});
