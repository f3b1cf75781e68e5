import { orderPathPatterns } from "../../config/routing";
import { WAF_RATE_LIMIT_MIN } from "../../config/validation/edge";
import { MANAGED_POLICY_IDS } from "../../constructs/edge/distribution";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { ALB_DNS_NAME, distributionOf, edge, synthEdge } from "./fixture";

describe("edge stack without a domain (dev)", () => {
  const json = edge("dev");

  it("keeps the *.cloudfront.net name and certificate, with no ACM certificate or public records", () => {
    const distribution = distributionOf(json);
    expect(distribution.aliases).toBeUndefined();
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(resourcesOf(json, "aws_acm_certificate")).toEqual([]);
    expect(resourcesOf(json, "aws_route53_record")).toEqual([]);
    expect(json.data?.aws_route53_zone).toBeUndefined();
    expect(json.output!.cloudfront_url.value).toMatch(/^https:\/\/\$\{aws_cloudfront_distribution\..+\.domain_name\}$/);
  });

  it("reaches the ALB by its DNS name over HTTP on port 80 (no certificate is possible without a domain)", () => {
    const alb = distributionOf(json).origin.find((o: any) => o.origin_id === "alb");
    expect(alb.domain_name).toBe(ALB_DNS_NAME);
    expect(alb.custom_origin_config).toMatchObject({ origin_protocol_policy: "http-only", http_port: 80 });
  });
});

describe.each(["staging", "prod"] as const)("edge stack with a domain (%s)", (profile) => {
  const json = edge(profile);
  const domain = configFor(profile).edge.domain!;

  it("serves the app domain with a DNS-validated us-east-1 certificate, TLS 1.2+ and SNI", () => {
    const distribution = distributionOf(json);
    expect(distribution.aliases).toEqual([domain.appDomain]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: expect.stringMatching(/^\$\{aws_acm_certificate_validation\..+\.certificate_arn\}$/),
      minimum_protocol_version: "TLSv1.2_2021",
      ssl_support_method: "sni-only",
    });
    expect(onlyResource(json, "aws_acm_certificate")).toMatchObject({ domain_name: domain.appDomain, validation_method: "DNS", provider: configFor(profile).region === "us-east-1" ? "aws" : "aws.us_east_1" });
    expect(json.data!.aws_route53_zone!["public-zone"]).toEqual({ name: domain.hostedZone, private_zone: false });
    const validationRecord = resourcesOf(json, "aws_route53_record").find(([, r]) => r.records)![1];
    expect(validationRecord.name).toMatch(/domain_validation_options\)\.0\.resource_record_name/);
    expect(onlyResource(json, "aws_acm_certificate_validation").validation_record_fqdns).toEqual([expect.stringMatching(/aws_route53_record\..+\.fqdn/)]);
  });

  it("reaches the ALB by the API domain over HTTPS only with TLS 1.2", () => {
    const alb = distributionOf(json).origin.find((o: any) => o.origin_id === "alb");
    expect(alb.domain_name).toBe(domain.apiDomain);
    expect(alb.custom_origin_config).toMatchObject({ origin_protocol_policy: "https-only", https_port: 443, origin_ssl_protocols: ["TLSv1.2"] });
  });

  it("points the app name (A and AAAA) at CloudFront and the API name at the ALB", () => {
    const aliases = resourcesOf(json, "aws_route53_record").filter(([, r]) => r.alias).map(([, r]) => r);
    expect(aliases.map((r) => `${r.name} ${r.type}`).sort()).toEqual([`${domain.apiDomain} A`, `${domain.appDomain} A`, `${domain.appDomain} AAAA`]);
    for (const record of aliases.filter((r) => r.name === domain.appDomain)) {
      expect(record.alias).toEqual({
        name: expect.stringMatching(/aws_cloudfront_distribution\..+\.domain_name/),
        zone_id: expect.stringMatching(/aws_cloudfront_distribution\..+\.hosted_zone_id/),
        evaluate_target_health: false,
      });
    }
    expect(aliases.find((r) => r.name === domain.apiDomain)!.alias).toEqual({ name: ALB_DNS_NAME, zone_id: "Z32O12XQLNTSW2", evaluate_target_health: true });
  });
});

describe("edge stack and the protection switch", () => {
  it("keeps a protected frontend bucket from being emptied on destroy", () => {
    // prod's DR replica and its access-log bucket included: a protected copy is kept like the primary.
    const buckets = resourcesOf(edge("prod"), "aws_s3_bucket").map(([, b]) => b.force_destroy);
    expect(buckets.length).toBeGreaterThan(1);
    expect(buckets.every((forceDestroy) => forceDestroy === false)).toBe(true);
    expect(onlyResource(edge("dev"), "aws_s3_bucket").force_destroy).toBe(true);
  });

  // 10 is the provider's own lower bound (hashicorp/aws 5.100 validates 10..2,000,000,000).
  it.each([750, WAF_RATE_LIMIT_MIN])("takes the rate limit from config (%i)", (limit) => {
    const { json } = synthEdge(configFor("dev", {}, (p) => ({ ...p, edge: { ...p.edge, wafRateLimit: limit } })));
    const limits = resourcesOf(json, "aws_wafv2_web_acl").map(([, acl]) => acl.rule.find((r: any) => r.statement.rate_based_statement).statement.rate_based_statement.limit);
    expect(limits).toEqual([limit, limit]);
  });
});

describe("edge stack with an ALB certificate but no domain", () => {
  it("connects to the ALB's DNS name over HTTPS", () => {
    const config = configFor("dev", {}, (p) => ({
      ...p,
      compute: { ...p.compute, albCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" },
    }));
    const { json } = synthEdge(config);
    const origin = onlyResource(json, "aws_cloudfront_distribution").origin.find((o: any) => o.origin_id === "alb");
    expect(origin.domain_name).toBe(ALB_DNS_NAME);
    expect(origin.custom_origin_config.origin_protocol_policy).toBe("https-only");
    expect(resourcesOf(json, "aws_acm_certificate")).toEqual([]);
  });
});

describe("edge stack with services added as config only", () => {
  // A fourth, ALB-routed service and a fifth, internal one: nothing but config changes.
  const config = configFor("dev", {}, (p) => ({
    ...p,
    compute: {
      ...p.compute,
      services: [
        ...p.compute.services,
        { ...p.compute.services[1], name: "reports", albPathPatterns: ["/reports/*", "/reports/exports/*"] },
        { ...p.compute.services[1], name: "ledger" },
      ],
    },
  }));
  const behaviors = distributionOf(synthEdge(config).json).ordered_cache_behavior;

  it("sends the new service's paths to the ALB, most specific first, and adds nothing for the internal one", () => {
    expect(behaviors.map((b: any) => b.path_pattern)).toEqual(orderPathPatterns(config.compute.services.flatMap((s) => s.albPathPatterns ?? [])));
    expect(behaviors.map((b: any) => b.path_pattern)).toEqual(["/reports/exports/*", "/reports/*", "/webhook/*", "/api/*"]);
    behaviors.forEach((b: any) => expect(b).toMatchObject({ target_origin_id: "alb", cache_policy_id: MANAGED_POLICY_IDS.cachingDisabled }));
  });
});
