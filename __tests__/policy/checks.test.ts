import { configFor, type Platform } from "../support/synth";
import { RULES } from "./checks";
import { PlatformView } from "./rules";

/** A deliberately broken platform: each rule must name the resource that breaks it. */
const broken: Platform = {
  compute: {
    provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { Environment: "dev" } }] }] },
    resource: {
      aws_s3_bucket: { logs: { bucket: "payment-logs-dev", force_destroy: false } },
      aws_sqs_queue: { jobs: { name: "jobs" } },
      aws_cloudwatch_log_group: { app: { name: "/ecs/app-dev", retention_in_days: 0 } },
      aws_kms_key: { k: { enable_key_rotation: false, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:user/bob" }, Action: "kms:*", Resource: "*" }] }) } },
      aws_vpc_security_group_ingress_rule: {
        ssh: { security_group_id: "${aws_security_group.security-groups_app_1.id}", cidr_ipv4: "0.0.0.0/0", from_port: 22, to_port: 22 },
      },
      aws_ecs_service: { api: { name: "payment-api-dev", network_configuration: { assign_public_ip: true } } },
      aws_iam_role_policy: {
        wide: { name: "wide", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "iam:PassRole"], Resource: "*" }, { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::x" }] }) },
      },
      aws_lb_listener: { http: { protocol: "HTTP", port: 80, default_action: [{ type: "forward" }] } },
      aws_rds_cluster: { db: { cluster_identifier: "payment-db-dev", storage_encrypted: false, master_password: "hunter2", deletion_protection: true, skip_final_snapshot: false } },
      aws_cloudfront_distribution: { cdn: { default_cache_behavior: { viewer_protocol_policy: "allow-all" } } },
      aws_lambda_function: { roles: { function_name: "payment-db-roles-staging" } },
    },
  },
  baseline: {
    provider: { aws: [{ region: "us-west-2", default_tags: [{ tags: { Environment: "staging", Application: "a", CostCenter: "c", ManagedBy: "m" } }] }] },
    resource: {
      aws_cloudtrail: { trail: { name: "payment-trail-staging", is_multi_region_trail: false, enable_log_file_validation: false } },
      aws_s3_bucket: { access: { bucket: "payment-access-logs-staging", force_destroy: true } },
      aws_s3_bucket_policy: {
        access: { bucket: "${aws_s3_bucket.access.id}", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "x" }] }) },
      },
      aws_s3_bucket_server_side_encryption_configuration: {
        access: { bucket: "${aws_s3_bucket.access.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } }] },
      },
      aws_guardduty_detector: { gd: { enable: true } },
      aws_guardduty_detector_feature: { s3: { detector_id: "${aws_guardduty_detector.gd.id}", name: "S3_DATA_EVENTS", status: "DISABLED" } },
    },
  },
};

const view = new PlatformView(broken, configFor("staging"));
const violations = (id: string, on = view) => RULES.find((r) => r.id === id)!.check(on);

it.each([
  ["encryption-at-rest", ["compute/aws_s3_bucket.logs: no default encryption", "compute/aws_sqs_queue.jobs: queue not encrypted with a KMS key", "compute/aws_rds_cluster.db: storage not encrypted with a KMS key", "compute/aws_kms_key.k: key rotation off"]],
  ["tls-in-transit", ["compute/aws_lb_listener.http: plain HTTP listener that does not redirect to HTTPS", "compute/aws_s3_bucket.logs: bucket policy does not deny non-TLS requests", "compute/aws_cloudfront_distribution.cdn: behavior default allows plain HTTP viewers"]],
  ["no-open-ingress", ["compute/aws_vpc_security_group_ingress_rule.ssh: open to the world on 22-22"]],
  ["no-public-ips", ["compute/aws_ecs_service.api: tasks get public IPs"]],
  ["iam-least-privilege", ["compute/aws_iam_role_policy.wide: policy statement 0 grants s3:GetObject, iam:PassRole on *", "compute/aws_iam_role_policy.wide: policy statement 0 iam:PassRole on *", "compute/aws_iam_role_policy.wide: policy statement 1 allows a wildcard action", "compute/aws_kms_key.k: policy statement 0 allows a wildcard action"]],
  ["log-groups", ["compute/aws_cloudwatch_log_group.app: log group not encrypted with a KMS key", "compute/aws_cloudwatch_log_group.app: retention 0 days, not the profile's logRetentionDays (30)", "compute/aws_lambda_function.roles: logs to /aws/lambda/payment-db-roles-staging, a log group the platform does not manage (no retention, no KMS)"]],
  ["bucket-access-logging", ["compute/aws_s3_bucket.logs: no server access logging", "baseline/aws_s3_bucket.access: access-log bucket encrypted with aws:kms (S3 log delivery supports SSE-S3 only)", "baseline/aws_s3_bucket.access: access-log bucket without an expiry"]],
  ["audit-trail", ["baseline/aws_cloudtrail.trail: not a multi-region trail with global service events", "baseline/aws_cloudtrail.trail: log file validation off", "baseline/aws_cloudtrail.trail: log files not KMS-encrypted", "baseline/aws_cloudtrail.trail: no CloudWatch Logs delivery"]],
  ["threat-detection", ["baseline/us-west-2: GuardDuty S3_DATA_EVENTS not enabled", "baseline/us-west-2: GuardDuty RUNTIME_MONITORING with ECS_FARGATE_AGENT_MANAGEMENT not enabled", "baseline/us-east-1: no enabled GuardDuty detector", "baseline/us-west-2: no AWS Config recorder of all supported resources", "baseline/us-west-2: not subscribed to standards/pci-dss/v/4.0.1", "baseline/us-west-2: no IAM Access Analyzer"]],
  ["security-alarms", ["baseline: no alarm to SNS on root sign-in or activity", "baseline: no alarm to SNS on CloudTrail changes", "baseline: no alarm to SNS on IAM policy changes", "baseline/us-west-2: high-severity GuardDuty findings reach no SNS topic"]],
  ["bucket-guard-rails", ["compute/aws_s3_bucket.logs: public access not fully blocked"]],
  ["default-tags", ["compute/provider.aws: default_tags lack Application, CostCenter, ManagedBy"]],
  ["names-carry-suffix", ['compute/aws_sqs_queue.jobs: name "jobs" lacks the suffix "staging"']],
  ["no-credentials-in-state", ["compute/aws_rds_cluster.db: sets master_password"]],
  ["waf-in-front", ["compute/aws_cloudfront_distribution.cdn: no web ACL"]],
  ["protection-switch", ["compute/aws_rds_cluster.db: deletion_protection true (protection off)", "compute/aws_s3_bucket.logs: force_destroy false (protection off)"]],
])("%s names what breaks it", (id, expected) => {
  expect(violations(id)).toEqual(expect.arrayContaining(expected));
});

describe("in a protected profile", () => {
  const prod = new PlatformView(broken, configFor("prod"));

  it("asks 365 days of every log group (PCI DSS 10.5.1)", () => {
    expect(violations("log-groups", prod)).toEqual(expect.arrayContaining(["compute/aws_cloudwatch_log_group.app: retention 0 days, under the 365 PCI DSS 10.5.1 asks of a protected environment"]));
  });

  it("asks an Object-Locked trail bucket", () => {
    expect(violations("audit-trail", prod)).toEqual(expect.arrayContaining(["baseline/aws_cloudtrail.trail: trail bucket without a default Object Lock retention"]));
  });
});

it("wants no baseline stack where the profile's baseline is off or the environment is a copy", () => {
  expect(violations("audit-trail", new PlatformView(broken, configFor("staging", { ENVIRONMENT_SUFFIX: "pr7" })))).toEqual([
    "baseline: stack present but baseline.enabled is true for suffix pr7",
  ]);
});

it("has a self-test for every rule", () => {
  expect(RULES.map((r) => r.id).sort()).toEqual(
    ["audit-trail", "bucket-access-logging", "bucket-guard-rails", "default-tags", "encryption-at-rest", "iam-least-privilege", "log-groups", "names-carry-suffix", "no-credentials-in-state", "no-open-ingress", "no-public-ips", "protection-switch", "security-alarms", "threat-detection", "tls-in-transit", "waf-in-front"].sort(),
  );
});
