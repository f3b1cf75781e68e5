import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GLOBAL_SERVICES_REGION as CLOUDFRONT_REGION } from "../../config/derived";
import { Names, suffixLimit } from "../../config/names";
import { PROFILES } from "../../config/profiles";
import { CloudFrontAccessLogs } from "../../constructs/edge/access-logs";
import { PublicDns } from "../../constructs/edge/public-dns";
import { CONTENT_SECURITY_POLICY, HSTS_MAX_AGE_SECONDS, SecurityHeaders } from "../../constructs/edge/security-headers";
import { configFor, onlyResource, resourcesOf, snapshotView, synthConstruct } from "../support/synth";

const prod = configFor("prod");
const names = Names.for(prod);

describe("CloudFrontAccessLogs (synthScope)", () => {
  const distributionArn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL";
  const kmsKeyArn = `arn:aws:kms:${CLOUDFRONT_REGION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const logGroupName = `/aws/vendedlogs/cloudfront/${names.of("frontend")}`;
  const json = synthConstruct((scope) => {
    const usEast1 = new AwsProvider(scope, "us-east-1", { region: CLOUDFRONT_REGION, alias: CLOUDFRONT_REGION });
    new CloudFrontAccessLogs(scope, "access-logs", {
      name: names.of("cloudfront-access"),
      distributionArn,
      logGroupName,
      kmsKeyArn,
      retentionInDays: prod.logRetentionDays,
      provider: usEast1,
    });
  });
  const ref = (type: string, attribute: string) => {
    const [[key]] = resourcesOf(json, type);
    return `\${${type}.${key}.${attribute}}`;
  };
  const types = ["aws_cloudwatch_log_group", "aws_cloudwatch_log_delivery_source", "aws_cloudwatch_log_delivery_destination", "aws_cloudwatch_log_delivery"];

  it("keeps the logs in a KMS-encrypted log group for the profile's retention", () => {
    expect(prod.logRetentionDays).toBe(PROFILES.prod.logRetentionDays);
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ name: logGroupName, kms_key_id: kmsKeyArn, retention_in_days: prod.logRetentionDays });
  });

  it("registers the distribution's access logs as the source and the log group as the destination, in JSON", () => {
    expect(onlyResource(json, "aws_cloudwatch_log_delivery_source")).toMatchObject({
      name: names.of("cloudfront-access"),
      log_type: "ACCESS_LOGS",
      resource_arn: distributionArn,
    });
    expect(onlyResource(json, "aws_cloudwatch_log_delivery_destination")).toMatchObject({
      name: names.of("cloudfront-access"),
      output_format: "json",
      delivery_destination_configuration: [{ destination_resource_arn: ref("aws_cloudwatch_log_group", "arn") }],
    });
    expect(onlyResource(json, "aws_cloudwatch_log_delivery")).toMatchObject({
      delivery_source_name: ref("aws_cloudwatch_log_delivery_source", "name"),
      delivery_destination_arn: ref("aws_cloudwatch_log_delivery_destination", "arn"),
    });
  });

  it("creates everything through the us-east-1 provider, where CloudFront registers log deliveries", () => {
    for (const type of types) expect(onlyResource(json, type).provider).toBe(`aws.${CLOUDFRONT_REGION}`);
  });

  it("names the source and destination within CloudWatch Logs' 60 characters, even for the longest suffix a copy may take", () => {
    const longest = new Names(prod.profile, "x".repeat(suffixLimit(prod).max));
    expect(longest.of("cloudfront-access").length).toBeLessThanOrEqual(60);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("PublicDns (synthScope)", () => {
  const domain = prod.edge.domain!;
  const cloudfront = { dnsName: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false };
  const alb = { dnsName: `${names.alb()}-1234567890.${prod.region}.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true };
  const json = synthConstruct((scope) => {
    new PublicDns(scope, "public-dns", { zoneId: "Z0123456789ABCDEFGHIJ", appDomain: domain.appDomain, distribution: cloudfront, apiDomain: domain.apiDomain, alb });
  });
  const records = resourcesOf(json, "aws_route53_record").map(([, r]) => r);
  const alias = (target: typeof cloudfront) => ({ name: target.dnsName, zone_id: target.zoneId, evaluate_target_health: target.evaluateTargetHealth });

  it("points the app name, IPv4 and IPv6, at CloudFront and the API name at the ALB, all in the profile's zone", () => {
    expect(records.map((r) => [r.name, r.type]).sort()).toEqual(
      [
        [domain.appDomain, "A"],
        [domain.appDomain, "AAAA"],
        [domain.apiDomain, "A"],
      ].sort(),
    );
    expect(records.every((r) => r.zone_id === "Z0123456789ABCDEFGHIJ")).toBe(true);
    for (const record of records) {
      expect(record.alias).toEqual(alias(record.name === domain.appDomain ? cloudfront : alb));
    }
  });

  it("uses alias records only: no TTL or literal values that could go stale", () => {
    for (const record of records) {
      expect(record.ttl).toBeUndefined();
      expect(record.records).toBeUndefined();
    }
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});

describe("SecurityHeaders (synthScope)", () => {
  const synth = (contentSecurityPolicy?: string) =>
    synthConstruct((scope) => {
      new SecurityHeaders(scope, "security-headers", { name: names.of("security-headers"), contentSecurityPolicy });
    });
  const json = synth();
  const policy = onlyResource(json, "aws_cloudfront_response_headers_policy");
  const headers = policy.security_headers_config;

  it("sends HSTS for two years with subdomains, eligible for the preload list (one year minimum)", () => {
    expect(HSTS_MAX_AGE_SECONDS).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(headers.strict_transport_security).toEqual({ access_control_max_age_sec: HSTS_MAX_AGE_SECONDS, include_subdomains: true, preload: true, override: true });
  });

  it("forbids framing, MIME sniffing and cross-origin referrers", () => {
    expect(headers.frame_options).toEqual({ frame_option: "DENY", override: true });
    expect(headers.content_type_options).toEqual({ override: true });
    expect(headers.referrer_policy).toEqual({ referrer_policy: "strict-origin-when-cross-origin", override: true });
    expect(headers.xss_protection).toEqual({ protection: true, mode_block: true, override: true });
  });

  it("sends the same-origin content security policy unless given another", () => {
    expect(headers.content_security_policy).toEqual({ content_security_policy: CONTENT_SECURITY_POLICY, override: true });
    const directives = CONTENT_SECURITY_POLICY.split("; ");
    expect(directives).toEqual(expect.arrayContaining(["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]));
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const custom = "default-src 'self'; img-src 'self' https://cdn.payments.example.com";
    const overridden = onlyResource(synth(custom), "aws_cloudfront_response_headers_policy").security_headers_config;
    expect(overridden.content_security_policy).toEqual({ content_security_policy: custom, override: true });
  });

  it("overrides whatever an origin sends, for every header it sets", () => {
    expect(Object.keys(headers).length).toBeGreaterThan(0);
    for (const [header, setting] of Object.entries(headers as Record<string, { override?: boolean }>)) {
      expect([header, setting.override]).toEqual([header, true]);
    }
    expect(policy.name).toBe(names.of("security-headers"));
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});
