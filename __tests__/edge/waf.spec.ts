import { PROFILE_NAMES } from "../../config/types";
import { MANAGED_RULE_GROUPS } from "../../constructs/edge/web-acl";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { ALB_ARN, byName, DISTRIBUTION_ARN, distributionOf, edge, LOGS_KEY_ARN, statementsOf } from "./fixture";

describe.each(PROFILE_NAMES)("edge stack: WAF, regions and logs (%s)", (profile) => {
  const json = edge(profile);
  const config = configFor(profile);

  it("has two web ACLs with the four managed groups, the configured rate limit and metrics on every rule", () => {
    const acls = resourcesOf(json, "aws_wafv2_web_acl").map(([, acl]) => acl);
    expect(acls.map((a) => a.scope).sort()).toEqual(["CLOUDFRONT", "REGIONAL"]);
    for (const acl of acls) {
      expect(acl.default_action).toEqual({ allow: {} });
      const groups = acl.rule.filter((r: any) => r.statement.managed_rule_group_statement);
      expect(groups.map((r: any) => r.statement.managed_rule_group_statement.name).sort()).toEqual(
        ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"],
      );
      groups.forEach((r: any) => {
        expect(r.override_action).toEqual({ none: {} });
        expect(r.statement.managed_rule_group_statement.vendor_name).toBe("AWS");
      });
      const [rate] = acl.rule.filter((r: any) => r.statement.rate_based_statement);
      expect(rate.action).toEqual({ block: {} });
      expect(rate.statement.rate_based_statement).toMatchObject({ limit: config.edge.wafRateLimit, evaluation_window_sec: 300 });
      expect(new Set(acl.rule.map((r: any) => r.priority)).size).toBe(MANAGED_RULE_GROUPS.length + 1);
      for (const visibility of [acl.visibility_config, ...acl.rule.map((r: any) => r.visibility_config)]) {
        expect(visibility).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
      }
    }
  });

  it("rate-limits the viewer IP at CloudFront and the forwarded viewer IP at the ALB", () => {
    const rate = (name: string) =>
      byName(json, "aws_wafv2_web_acl", name).rule.find((r: any) => r.statement.rate_based_statement).statement.rate_based_statement;
    expect(rate(`payment-cloudfront-${profile}`).aggregate_key_type).toBe("IP");
    expect(rate(`payment-alb-${profile}`)).toMatchObject({
      aggregate_key_type: "FORWARDED_IP",
      forwarded_ip_config: { header_name: "X-Forwarded-For", fallback_behavior: "MATCH" },
    });
  });

  it("associates the REGIONAL web ACL with the ALB", () => {
    const association = onlyResource(json, "aws_wafv2_web_acl_association");
    expect(association.resource_arn).toBe(ALB_ARN);
    expect(association.web_acl_arn).toMatch(/^\$\{aws_wafv2_web_acl\.alb-waf_acl_\w+\.arn\}$/);
  });

  it("logs both web ACLs to encrypted aws-waf-logs-* groups, redacting credentials and the origin secret", () => {
    for (const scope of ["cloudfront", "alb"]) {
      const group = byName(json, "aws_cloudwatch_log_group", `aws-waf-logs-payment-${scope}-${profile}`);
      expect(group.retention_in_days).toBe(config.logRetentionDays);
      expect(group.kms_key_id).toBeTruthy();
    }
    expect(byName(json, "aws_cloudwatch_log_group", `aws-waf-logs-payment-alb-${profile}`).kms_key_id).toBe(LOGS_KEY_ARN);
    const configs = resourcesOf(json, "aws_wafv2_web_acl_logging_configuration").map(([, c]) => c);
    expect(configs).toHaveLength(2);
    for (const c of configs) {
      expect(c.redacted_fields).toEqual([{ single_header: { name: "authorization" } }, { single_header: { name: "x-origin-verify" } }]);
      expect(c.log_destination_configs).toEqual([expect.stringMatching(/aws_cloudwatch_log_group\..+-waf-logging_log-group_\w+\.arn/)]);
    }
  });

  it("puts CloudFront-scope resources in us-east-1 and the rest in the profile's region", () => {
    const providers = json.provider!.aws;
    expect(providers).toHaveLength(2);
    const [main, usEast1] = [providers.find((p) => !p.alias), providers.find((p) => p.alias === "us_east_1")];
    expect(main!.region).toBe(config.region);
    expect(usEast1!.region).toBe("us-east-1");
    expect(usEast1!.default_tags).toEqual(main!.default_tags);
    const US_EAST_1 = "aws.us_east_1";
    expect(byName(json, "aws_wafv2_web_acl", `payment-cloudfront-${profile}`).provider).toBe(US_EAST_1);
    expect(byName(json, "aws_wafv2_web_acl", `payment-alb-${profile}`).provider).toBeUndefined();
    expect(byName(json, "aws_cloudwatch_log_group", `aws-waf-logs-payment-cloudfront-${profile}`).provider).toBe(US_EAST_1);
    expect(byName(json, "aws_cloudwatch_log_group", `aws-waf-logs-payment-alb-${profile}`).provider).toBeUndefined();
    expect(byName(json, "aws_kms_alias", `alias/payment-edge-logs-${profile}`).provider).toBe(US_EAST_1);
    expect(byName(json, "aws_kms_alias", `alias/payment-frontend-${profile}`).provider).toBeUndefined();
    const usEast1Key = resourcesOf(json, "aws_kms_key").filter(([, k]) => k.provider === US_EAST_1);
    expect(usEast1Key).toHaveLength(1);
    const grant = statementsOf(usEast1Key[0][1].policy).find((s) => s.Principal.Service);
    expect(grant.Principal.Service).toBe("logs.us-east-1.amazonaws.com");
    for (const type of ["aws_cloudwatch_log_delivery_source", "aws_cloudwatch_log_delivery_destination", "aws_cloudwatch_log_delivery"]) {
      expect(onlyResource(json, type).provider).toBe(US_EAST_1);
    }
    resourcesOf(json, "aws_acm_certificate").forEach(([, c]) => expect(c.provider).toBe(US_EAST_1));
    resourcesOf(json, "aws_acm_certificate_validation").forEach(([, c]) => expect(c.provider).toBe(US_EAST_1));
  });

  it("delivers CloudFront access logs (standard logging v2) to an encrypted us-east-1 log group", () => {
    expect(onlyResource(json, "aws_cloudwatch_log_delivery_source")).toMatchObject({ log_type: "ACCESS_LOGS", resource_arn: expect.stringMatching(DISTRIBUTION_ARN) });
    const group = byName(json, "aws_cloudwatch_log_group", `/aws/vendedlogs/cloudfront/payment-frontend-${profile}`);
    expect(group).toMatchObject({ retention_in_days: config.logRetentionDays, provider: "aws.us_east_1" });
    expect(group.kms_key_id).toMatch(/aws_kms_key\.us-east-1-logs-key_\w+\.arn/);
    const destination = onlyResource(json, "aws_cloudwatch_log_delivery_destination");
    expect(destination.delivery_destination_configuration[0].destination_resource_arn).toMatch(/aws_cloudwatch_log_group\.access-logs_log-group_\w+\.arn/);
    expect(distributionOf(json).logging_config).toBeUndefined();
  });
});
