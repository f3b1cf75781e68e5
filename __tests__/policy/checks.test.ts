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
      aws_iam_role: { legacy: { name: "legacy-staging", assume_role_policy: "{}", inline_policy: [{ name: "x", policy: "{}" }], managed_policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
      aws_iam_role_policy_attachment: { ecs: { role: "legacy-staging", policy_arn: "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS" } },
      aws_rds_cluster: { db: { cluster_identifier: "payment-db-dev", storage_encrypted: false, master_password: "hunter2", deletion_protection: true, skip_final_snapshot: false } },
      aws_cloudfront_distribution: { cdn: { default_cache_behavior: { viewer_protocol_policy: "allow-all" } } },
    },
  },
};

const view = new PlatformView(broken, configFor("staging"));
const violations = (id: string) => RULES.find((r) => r.id === id)!.check(view);

it.each([
  ["encryption-at-rest", ["compute/aws_s3_bucket.logs: no default encryption", "compute/aws_sqs_queue.jobs: queue not encrypted with a KMS key", "compute/aws_rds_cluster.db: storage not encrypted with a KMS key", "compute/aws_kms_key.k: key rotation off"]],
  ["tls-in-transit", ["compute/aws_lb_listener.http: plain HTTP listener that does not redirect to HTTPS", "compute/aws_s3_bucket.logs: bucket policy does not deny non-TLS requests", "compute/aws_cloudfront_distribution.cdn: behavior default allows plain HTTP viewers"]],
  ["no-open-ingress", ["compute/aws_vpc_security_group_ingress_rule.ssh: open to the world on 22-22"]],
  ["no-public-ips", ["compute/aws_ecs_service.api: tasks get public IPs"]],
  ["iam-least-privilege", ["compute/aws_iam_role_policy.wide: policy statement 0 grants s3:GetObject, iam:PassRole on *", "compute/aws_iam_role_policy.wide: policy statement 0 iam:PassRole on *", "compute/aws_iam_role_policy.wide: policy statement 1 allows a wildcard action", "compute/aws_kms_key.k: policy statement 0 allows a wildcard action"]],
  ["log-groups", ["compute/aws_cloudwatch_log_group.app: log group without KMS or retention"]],
  [
    "customer-managed-policies",
    [
      "compute/aws_iam_role_policy.wide: inline policy (use a customer-managed aws_iam_policy)",
      "compute/aws_iam_role.legacy: inline_policy block (use a customer-managed aws_iam_policy)",
      "compute/aws_iam_role.legacy: AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess",
      "compute/aws_iam_role_policy_attachment.ecs: attaches AWS-managed policy arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",
    ],
  ],
  ["no-unreachable-listeners", ["compute/aws_lb_listener.http: listener on port 80; the ALB security group admits only CloudFront on 443"]],
  ["bucket-guard-rails", ["compute/aws_s3_bucket.logs: public access not fully blocked"]],
  ["default-tags", ["compute/provider.aws: default_tags lack Application, CostCenter, ManagedBy"]],
  ["names-carry-suffix", ['compute/aws_sqs_queue.jobs: name "jobs" lacks the suffix "staging"']],
  ["no-credentials-in-state", ["compute/aws_rds_cluster.db: sets master_password"]],
  ["waf-in-front", ["compute/aws_cloudfront_distribution.cdn: no web ACL"]],
  ["protection-switch", ["compute/aws_rds_cluster.db: deletion_protection true (protection off)", "compute/aws_s3_bucket.logs: force_destroy false (protection off)"]],
])("%s names what breaks it", (id, expected) => {
  expect(violations(id)).toEqual(expect.arrayContaining(expected));
});

it("no-unreachable-listeners: an internet-facing ALB may listen on 80 and 443, nothing else", () => {
  const open = configFor("staging", {}, (p) => ({ ...p, edge: { ...p.edge, restrictAlbToCloudFront: false } }));
  const listeners: Platform = { compute: { resource: { aws_lb_listener: { http: { port: 80 }, https: { port: 443 }, test: { port: 8443 } } } } };
  expect(RULES.find((r) => r.id === "no-unreachable-listeners")!.check(new PlatformView(listeners, open))).toEqual([
    "compute/aws_lb_listener.test: listener on port 8443; the ALB security group admits the internet on 80, 443",
  ]);
});

it("has a self-test for every rule", () => {
  expect(RULES.map((r) => r.id).sort()).toEqual(
    ["bucket-guard-rails", "customer-managed-policies", "default-tags", "encryption-at-rest", "iam-least-privilege", "log-groups", "no-unreachable-listeners", "names-carry-suffix", "no-credentials-in-state", "no-open-ingress", "no-public-ips", "protection-switch", "tls-in-transit", "waf-in-front"].sort(),
  );
});
