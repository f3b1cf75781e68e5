import { PROFILE_NAMES } from "../../config/types";
import { MANAGED_RULE_GROUPS } from "../../constructs/edge/web-acl";
import { configFor, onlyResource, resourcesOf } from "../support/synth";
import { ALB_ARN, byName, DISTRIBUTION_ARN, distributionOf, edge, LOGS_KEY_ARN, statementsOf } from "./fixture";

describe.each(PROFILE_NAMES)("edge stack: WAF, regions and logs (%s)", (profile) => {
  const json = edge(profile);
  const config = configFor(profile);
  // CloudFront-scope resources use the stack's own provider when the profile is in us-east-1.
  const US_EAST_1 = config.region === "us-east-1" ? "aws" : "aws.us_east_1";

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
      expect(rate.action.block.custom_response).toMatchObject({ response_code: 429, custom_response_body_key: "rate-limited" });
      expect(rate.statement.rate_based_statement).toMatchObject({ limit: config.edge.wafRateLimit, evaluation_window_sec: 300 });
      // The rate limit, the managed groups and the body-size rule, each with its own priority.
      expect(new Set(acl.rule.map((r: any) => r.priority)).size).toBe(MANAGED_RULE_GROUPS.length + 2);
      for (const visibility of [acl.visibility_config, ...acl.rule.map((r: any) => r.visibility_config)]) {
        expect(visibility).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
      }
    }
  });

  it("accepts webhook bodies up to the configured size at CloudFront, inspected whole, and leaves their size to CloudFront at the ALB", () => {
    const { pathPrefix, maxBytes } = config.edge.webhookBody;
    const sizeRule = (name: string) => byName(json, "aws_wafv2_web_acl", name).rule.find((r: any) => r.name === "BodySizeLimit");
    const cloudfront = byName(json, "aws_wafv2_web_acl", `payment-cloudfront-${profile}`);
    const [label, cloudfrontRest] = sizeRule(`payment-cloudfront-${profile}`).statement.and_statement.statement;
    expect(label.label_match_statement.key).toBe("awswaf:managed:aws:core-rule-set:SizeRestrictions_Body");
    const [notUnder, tooLarge] = cloudfrontRest.or_statement.statement;
    expect(notUnder.not_statement.statement[0].byte_match_statement.search_string).toBe(pathPrefix);
    expect(tooLarge.size_constraint_statement).toMatchObject({ comparison_operator: "GT", size: maxBytes });
    const limit = cloudfront.association_config.request_body[0].cloudfront.default_size_inspection_limit;
    expect(Number(/^KB_(\d+)$/.exec(limit)![1]) * 1024).toBeGreaterThanOrEqual(maxBytes);
    const [, albRest] = sizeRule(`payment-alb-${profile}`).statement.and_statement.statement;
    expect(albRest.not_statement.statement[0].byte_match_statement.search_string).toBe(pathPrefix);
    expect(byName(json, "aws_wafv2_web_acl", `payment-alb-${profile}`).association_config).toBeUndefined();
  });

  it("grants WAF log delivery through this environment's own resource policy in each region, before logging starts", () => {
    const policies = resourcesOf(json, "aws_cloudwatch_log_resource_policy").map(([, p]) => p);
    const regions = [...new Set(["us-east-1", config.region])];
    expect(policies).toHaveLength(regions.length);
    const groupsIn = (region: string) =>
      [`aws-waf-logs-payment-cloudfront-${profile}`, `aws-waf-logs-payment-alb-${profile}`].filter((g) => (g.includes("cloudfront") ? "us-east-1" : config.region) === region);
    for (const region of regions) {
      const policy = policies.find((p) => p.provider === (region === "us-east-1" ? US_EAST_1 : undefined))!;
      expect(policy.policy_name).toBe(`payment-waf-log-delivery-${profile}`);
      const [statement] = JSON.parse(policy.policy_document).Statement;
      expect(statement.Principal).toEqual({ Service: "delivery.logs.amazonaws.com" });
      expect(statement.Resource).toEqual(groupsIn(region).map((g) => expect.stringMatching(new RegExp(`:logs:${region}:.+:log-group:${g}:log-stream:\\*$`))));
    }
    for (const [, logging] of resourcesOf(json, "aws_wafv2_web_acl_logging_configuration")) {
      expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_resource_policy\./)]);
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
    expect(providers).toHaveLength(new Set([config.region, "us-east-1", config.edge.frontendReplicaRegion ?? config.region]).size);
    const [main, usEast1] = [providers.find((p) => !p.alias), providers.find((p) => p.region === "us-east-1")];
    expect(main!.region).toBe(config.region);
    expect(usEast1!.region).toBe("us-east-1");
    expect(usEast1!.default_tags).toEqual(main!.default_tags);
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
    expect(group).toMatchObject({ retention_in_days: config.logRetentionDays, provider: US_EAST_1 });
    expect(group.kms_key_id).toMatch(/aws_kms_key\.us-east-1-logs-key_\w+\.arn/);
    const destination = onlyResource(json, "aws_cloudwatch_log_delivery_destination");
    expect(destination.delivery_destination_configuration[0].destination_resource_arn).toMatch(/aws_cloudwatch_log_group\.access-logs_log-group_\w+\.arn/);
    expect(distributionOf(json).logging_config).toBeUndefined();
  });
});
