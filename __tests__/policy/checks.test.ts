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
      aws_rds_cluster_instance: { writer: { identifier: "payment-db-writer-dev" } },
      aws_backup_vault: { vault: { name: "payment-backup-dev", force_destroy: false } },
      aws_ecs_task_definition: {
        app: { family: "payment-app-dev", container_definitions: JSON.stringify([{ name: "app", secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:rds!cluster-1:password::" }] }]) },
      },
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

const oidc = "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const webIdentity = (Condition: object) => ({ Effect: "Allow", Principal: { Federated: oidc }, Action: "sts:AssumeRoleWithWebIdentity", Condition });
const attach = (role: string, policy: string) => ({ role: `\${aws_iam_role.${role}.name}`, policy_arn: `\${aws_iam_policy.${policy}.arn}` });

/** Broken CI identities: a wildcard repository, a missing sub, a plan role that writes, a deploy role that escalates. */
const brokenCi: Platform = {
  ci: {
    resource: {
      aws_iam_role: {
        plan: {
          name: "payment-github-plan-staging",
          assume_role_policy: doc(
            webIdentity({ StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/*" }, StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }),
            webIdentity({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }),
          ),
        },
        deploy: {
          name: "payment-github-deploy-staging",
          assume_role_policy: doc(
            webIdentity({ StringEquals: { "token.actions.githubusercontent.com:aud": "api://other", "token.actions.githubusercontent.com:sub": "repo:example-org/payment-platform:ref:refs/heads/main", "token.actions.githubusercontent.com:repository": "example-org/payment-platform" } }),
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
          ),
        },
        stray: { name: "someone-elses", assume_role_policy: doc(webIdentity({})) },
      },
      aws_iam_policy: {
        planwrites: { name: "p", policy: doc({ Effect: "Allow", Action: ["s3:PutObject", "dynamodb:PutItem"], Resource: "arn:aws:s3:::payment-platform-tfstate/payment/prod/*" }) },
        deploywide: {
          name: "d",
          policy: doc(
            { Sid: "Everything", Effect: "Allow", Action: "ec2:*", Resource: "arn:aws:ec2:*:1:*" },
            { Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
            { Sid: "Roles", Effect: "Allow", Action: ["iam:CreateRole", "iam:CreateUser"], Resource: "arn:aws:iam::1:role/payment-*" },
            { Sid: "State", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::payment-platform-tfstate/payment/prod/*" },
          ),
        },
      },
      aws_iam_role_policy_attachment: { a: attach("plan", "planwrites"), b: attach("deploy", "deploywide") },
    },
  },
  network: {
    resource: {
      aws_iam_role: { flow: { name: "payment-flow-logs-staging", assume_role_policy: doc() } },
      aws_iam_role_policy: { flow: { role: "${aws_iam_role.flow.id}", policy: doc({ Effect: "Allow", Action: "iam:CreateUser", Resource: "arn:aws:iam::1:user/x" }) } },
    },
  },
};

const view = new PlatformView({ ...broken, ...brokenCi }, configFor("staging"));
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
  ["ci-trust", [
    "ci/aws_iam_role.plan: trust statement ? assumes with a web identity without an exact sub condition",
    "ci/aws_iam_role.plan: trust statement ? uses a pattern or set operator on a claim",
    "ci/aws_iam_role.plan: trust statement ? does not pin the repository claim",
    "ci/aws_iam_role.deploy: trust statement ? does not require audience sts.amazonaws.com",
    "ci/aws_iam_role.deploy: trust statement ? trusts sub repo:example-org/payment-platform:ref:refs/heads/main",
    "ci/aws_iam_role.deploy: trust statement ? lets a principal other than the role itself assume it",
    "ci/aws_iam_role.deploy: trust statement ? does not require the Repository session tag",
    "ci/aws_iam_role.stray: a web-identity role that is not one of the profile's CI roles",
  ]],
  ["ci-plan-read-only", [
    "ci/aws_iam_policy.planwrites: plan role may s3:PutObject, dynamodb:PutItem on arn:aws:s3:::payment-platform-tfstate/payment/prod/*",
    "ci/aws_iam_policy.planwrites: writes state outside payment/staging/: arn:aws:s3:::payment-platform-tfstate/payment/prod/*",
  ]],
  ["ci-deploy-least-privilege", [
    "ci/aws_iam_policy.deploywide: statement Everything allows a wildcard action",
    "ci/aws_iam_policy.deploywide: statement Pass iam:PassRole without a resource",
    "ci/aws_iam_policy.deploywide: statement Pass iam:PassRole to any service",
    "ci/aws_iam_policy.deploywide: statement Roles iam:CreateRole without the permissions boundary condition",
    "ci/aws_iam_policy.deploywide: statement Roles iam:CreateUser is not a write the boundary governs",
    "ci/aws_iam_policy.deploywide: writes state outside payment/staging/: arn:aws:s3:::payment-platform-tfstate/payment/prod/*",
    "ci/aws_iam_role.deploy: may change the CI roles",
    "ci/aws_iam_role.deploy: may rewrite the permissions boundary",
    "ci/aws_iam_role.deploy: may remove a role's permissions boundary",
  ]],
  ["roles-within-boundary", [
    "network/aws_iam_role.flow: does not carry the permissions boundary payment-boundary-staging",
    "network/aws_iam_role_policy.flow: grants iam:CreateUser, which the boundary payment-boundary-staging does not allow",
  ]],
  ["database-backups", ["compute/aws_rds_cluster.db: in no AWS Backup selection", "compute/aws_backup_vault.vault: vault without a customer-managed key"]],
  ["database-iam-auth", ["compute/aws_rds_cluster.db: IAM database authentication off", "compute/aws_ecs_task_definition.app: injects DB_PASSWORD"]],
  ["deliberate-db-upgrades", ["compute/aws_rds_cluster_instance.writer: automatic minor version upgrades on"]],
  ["protection-switch", ["compute/aws_rds_cluster.db: deletion_protection true (protection off)", "compute/aws_s3_bucket.logs: force_destroy false (protection off)", "compute/aws_backup_vault.vault: vault force_destroy false (protection off)"]],
])("%s names what breaks it", (id, expected) => {
  expect(violations(id)).toEqual(expect.arrayContaining(expected));
});

it("frontend-dr names what breaks it in a profile with a DR region", () => {
  const edge: Platform = {
    edge: {
      provider: { aws: [{ region: "us-east-1" }] },
      resource: { aws_cloudfront_distribution: { cdn: { web_acl_id: "acl" } }, aws_s3_bucket_replication_configuration: { r: { rule: [{ status: "Disabled" }] } } },
    },
  };
  const prod = configFor("prod");
  expect(RULES.find((r) => r.id === "frontend-dr")!.check(new PlatformView(edge, prod))).toEqual([
    "edge/aws_cloudfront_distribution.cdn: no origin group failing over to the replica",
    `edge: no enabled replication of the frontend bucket re-encrypted with a replica key (DR region ${prod.edge.frontendReplicaRegion})`,
    `edge: no provider in the DR region ${prod.edge.frontendReplicaRegion}`,
  ]);
  expect(RULES.find((r) => r.id === "frontend-dr")!.check(new PlatformView(edge, configFor("dev")))).toEqual([]);
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

it("no-unreachable-listeners: an internet-facing ALB may listen on 80 and 443, nothing else", () => {
  const open = configFor("staging", {}, (p) => ({ ...p, edge: { ...p.edge, restrictAlbToCloudFront: false } }));
  const listeners: Platform = { compute: { resource: { aws_lb_listener: { http: { port: 80 }, https: { port: 443 }, test: { port: 8443 } } } } };
  expect(RULES.find((r) => r.id === "no-unreachable-listeners")!.check(new PlatformView(listeners, open))).toEqual([
    "compute/aws_lb_listener.test: listener on port 8443; the ALB security group admits the internet on 80, 443",
  ]);
});

it("has a self-test for every rule", () => {
  expect(RULES.map((r) => r.id).sort()).toEqual(
    ["audit-trail", "bucket-access-logging", "bucket-guard-rails", "ci-deploy-least-privilege", "ci-plan-read-only", "ci-trust", "customer-managed-policies", "database-backups", "database-iam-auth", "default-tags", "deliberate-db-upgrades", "encryption-at-rest", "frontend-dr", "iam-least-privilege", "log-groups", "names-carry-suffix", "no-credentials-in-state", "no-open-ingress", "no-public-ips", "no-unreachable-listeners", "protection-switch", "roles-within-boundary", "security-alarms", "threat-detection", "tls-in-transit", "waf-in-front"].sort(),
  );
});
