import { albOriginPort, albServesTls } from "../../config/derived";
import { isReference, label, list, policyDocuments, WILDCARD_RESOURCE_ACTIONS, type PlatformView, type Resource, type Rule } from "./rules";

const fail = (r: Resource, what: string) => `${label(r)}: ${what}`;
const when = (condition: boolean, r: Resource, what: string) => (condition ? [] : [fail(r, what)]);
const first = (value: any) => (Array.isArray(value) ? value[0] : value);

/** Stores and the attribute check that proves each is encrypted at rest with a key we control. */
const ENCRYPTED_STORES: Record<string, (r: Resource, view: PlatformView) => string[]> = {
  aws_rds_cluster: (r) => when(r.body.storage_encrypted === true && !!r.body.kms_key_id, r, "storage not encrypted with a KMS key"),
  aws_rds_cluster_instance: (r) =>
    when(r.body.performance_insights_enabled !== true || !!r.body.performance_insights_kms_key_id, r, "Performance Insights without a KMS key"),
  aws_s3_bucket: (r, view) =>
    when(view.referencing("aws_s3_bucket_server_side_encryption_configuration", "bucket", r).length === 1, r, "no default encryption"),
  aws_sqs_queue: (r) => when(!!r.body.kms_master_key_id, r, "queue not encrypted with a KMS key"),
  aws_sns_topic: (r) => when(!!r.body.kms_master_key_id, r, "topic not encrypted with a KMS key"),
  aws_cloudwatch_log_group: (r) => when(!!r.body.kms_key_id, r, "log group not encrypted with a KMS key"),
  aws_ecr_repository: (r) => when(first(r.body.encryption_configuration)?.encryption_type === "KMS", r, "repository not KMS-encrypted"),
  aws_elasticache_replication_group: (r) =>
    when(String(r.body.at_rest_encryption_enabled) === "true" && !!r.body.kms_key_id, r, "cache not encrypted at rest with a KMS key"),
  aws_secretsmanager_secret: (r) => when(!!r.body.kms_key_id, r, "secret not encrypted with a customer-managed key"),
  aws_dynamodb_table: (r) => when(first(r.body.server_side_encryption)?.enabled === true, r, "table without server-side encryption"),
  aws_kms_key: (r) => when(r.body.enable_key_rotation === true, r, "key rotation off"),
};

const TLS_POLICY = /^ELBSecurityPolicy-TLS13-/;
const HTTPS_VIEWER = ["redirect-to-https", "https-only"];

function listenerTls(r: Resource, view: PlatformView): string[] {
  if (r.body.protocol === "HTTPS") return when(TLS_POLICY.test(r.body.ssl_policy ?? ""), r, `HTTPS listener with policy ${r.body.ssl_policy}`);
  const redirect: any = list<any>(r.body.default_action).find((a) => a.type === "redirect");
  if (redirect && first(redirect.redirect)?.protocol === "HTTPS") return [];
  // The documented no-domain fallback: HTTP only, and only CloudFront can reach it.
  return when(!albServesTls(view.config), r, "plain HTTP listener that does not redirect to HTTPS");
}

function denyWithoutTls(policies: Resource[]): boolean {
  return policies.some((p) =>
    list(JSON.parse(p.body.policy).Statement).some(
      (s: any) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false",
    ),
  );
}

function distributionTls(r: Resource, view: PlatformView): string[] {
  const behaviors = [...list(r.body.default_cache_behavior), ...list(r.body.ordered_cache_behavior)];
  const errors = behaviors
    .filter((b: any) => !HTTPS_VIEWER.includes(b.viewer_protocol_policy))
    .map((b: any) => fail(r, `behavior ${b.path_pattern ?? "default"} allows plain HTTP viewers`));
  const certificate = first(r.body.viewer_certificate);
  if (certificate?.acm_certificate_arn && certificate.minimum_protocol_version !== "TLSv1.2_2021") {
    errors.push(fail(r, `minimum viewer protocol ${certificate.minimum_protocol_version}`));
  }
  for (const origin of list(r.body.origin)) {
    const custom = first((origin as any).custom_origin_config);
    if (!custom) continue;
    if (custom.origin_protocol_policy !== "https-only" && albServesTls(view.config)) {
      errors.push(fail(r, `origin ${(origin as any).origin_id} not https-only`));
    }
    if (list(custom.origin_ssl_protocols).some((p) => p !== "TLSv1.2")) errors.push(fail(r, "origin allows TLS below 1.2"));
  }
  return errors;
}

function parameterGroupForcesTls(cluster: Resource, view: PlatformView): string[] {
  const groupRef = String(cluster.body.db_cluster_parameter_group_name ?? "");
  const group = view.ofType("aws_rds_cluster_parameter_group").find((g) => groupRef.includes(`${g.type}.${g.name}.`));
  const forced = list(group?.body.parameter).some((p: any) => p.name === "rds.force_ssl" && String(p.value) === "1");
  return when(forced, cluster, "parameter group does not set rds.force_ssl = 1");
}

const isWorldCidr = (body: any) => body.cidr_ipv4 === "0.0.0.0/0" || body.cidr_ipv6 === "::/0";

/** Attributes that carry a physical name, and the types whose names are not ours to suffix. */
const NAME_ATTRIBUTES = ["name", "bucket", "cluster_identifier", "identifier", "replication_group_id", "dashboard_name", "alarm_name"];
/** Attributes that are names only on some types (elsewhere `family` is an engine family). */
const TYPED_NAME_ATTRIBUTES: Record<string, string[]> = { aws_ecs_task_definition: ["family"], aws_elasticache_user: ["user_id"] };
const NAME_EXEMPT: Record<string, string> = {
  aws_service_discovery_private_dns_namespace: "the issue fixes the namespace as payment.local, one per VPC",
  aws_service_discovery_service: "a DNS label inside the per-environment namespace",
  aws_route53_record: "DNS names: public ones are the profile's domain",
  aws_elasticache_user: "ElastiCache requires a user named default; user IDs are checked instead",
};

/** Attributes that would put a credential into the configuration and the state. */
const CREDENTIAL_ATTRIBUTES = ["master_password", "password", "auth_token", "passwords", "secret_string", "secret_binary"];

function findCredentials(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findCredentials(v, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    CREDENTIAL_ATTRIBUTES.includes(k) ? [`${path}${k}`] : findCredentials(v, `${path}${k}.`),
  );
}

const AWS_MANAGED_POLICY = /^arn:[^:]+:iam::aws:policy\//;

/** Every role's permissions live in customer-managed policies an auditor can review on their own. */
function customerManagedOnly(view: PlatformView): string[] {
  return [
    ...view.ofType("aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy").map((r) => fail(r, "inline policy (use a customer-managed aws_iam_policy)")),
    ...view.ofType("aws_iam_role").flatMap((r) => [
      ...(list(r.body.inline_policy).length > 0 ? [fail(r, "inline_policy block (use a customer-managed aws_iam_policy)")] : []),
      ...list<string>(r.body.managed_policy_arns).filter((arn) => AWS_MANAGED_POLICY.test(arn)).map((arn) => fail(r, `AWS-managed policy ${arn}`)),
    ]),
    ...view
      .ofType("aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment")
      .filter((r) => AWS_MANAGED_POLICY.test(String(r.body.policy_arn)))
      .map((r) => fail(r, `attaches AWS-managed policy ${r.body.policy_arn}`)),
  ];
}

/** Listeners only on ports the ALB security group admits: CloudFront's one port, or 80/443 from the internet. */
function reachableListeners(view: PlatformView): string[] {
  const cloudFrontOnly = view.config.edge.restrictAlbToCloudFront;
  const admitted = cloudFrontOnly ? [albOriginPort(view.config)] : [80, 443];
  const from = cloudFrontOnly ? "only CloudFront on" : "the internet on";
  return view
    .ofType("aws_lb_listener")
    .filter((r) => !admitted.includes(r.body.port))
    .map((r) => fail(r, `listener on port ${r.body.port}; the ALB security group admits ${from} ${admitted.join(", ")}`));
}

export const RULES: Rule[] = [
  {
    id: "encryption-at-rest",
    description: "Every store is encrypted at rest, with a customer-managed KMS key where the service allows",
    check: (view) =>
      Object.entries(ENCRYPTED_STORES).flatMap(([type, check]) => view.ofType(type).flatMap((r) => check(r, view))),
  },
  {
    id: "tls-in-transit",
    description: "Listeners, bucket and queue policies, CloudFront, Redis and PostgreSQL require TLS",
    check: (view) => [
      ...view.ofType("aws_lb_listener").flatMap((r) => listenerTls(r, view)),
      ...view.ofType("aws_s3_bucket").flatMap((r) => when(denyWithoutTls(view.referencing("aws_s3_bucket_policy", "bucket", r)), r, "bucket policy does not deny non-TLS requests")),
      ...view.ofType("aws_sqs_queue").flatMap((r) => when(denyWithoutTls(view.referencing("aws_sqs_queue_policy", "queue_url", r)), r, "queue policy does not deny non-TLS requests")),
      ...view.ofType("aws_cloudfront_distribution").flatMap((r) => distributionTls(r, view)),
      ...view.ofType("aws_elasticache_replication_group").flatMap((r) => when(r.body.transit_encryption_enabled === true, r, "in-transit encryption off")),
      ...view.ofType("aws_rds_cluster").flatMap((r) => parameterGroupForcesTls(r, view)),
    ],
  },
  {
    id: "no-open-ingress",
    description: "No ingress from 0.0.0.0/0 or ::/0 except the ALB's 80/443",
    check: (view) => [
      ...view
        .ofType("aws_vpc_security_group_ingress_rule")
        .filter((r) => isWorldCidr(r.body))
        .flatMap((r) =>
          when(String(r.body.security_group_id).includes("security-groups_alb_") && [80, 443].includes(r.body.from_port) && r.body.to_port === r.body.from_port, r, `open to the world on ${r.body.from_port}-${r.body.to_port}`),
        ),
      ...view.ofType("aws_security_group").flatMap((r) => when(list(r.body.ingress).length === 0, r, "inline ingress rules (use rule resources)")),
      ...view.ofType("aws_security_group_rule").filter((r) => r.body.type === "ingress" && list(r.body.cidr_blocks).includes("0.0.0.0/0")).map((r) => fail(r, "open to the world")),
    ],
  },
  {
    id: "no-public-ips",
    description: "Compute and subnets never assign public IPs",
    check: (view) => [
      ...view.ofType("aws_ecs_service").flatMap((r) => when(first(r.body.network_configuration)?.assign_public_ip !== true, r, "tasks get public IPs")),
      ...view.ofType("aws_subnet").flatMap((r) => when(r.body.map_public_ip_on_launch !== true, r, "subnet assigns public IPs")),
      ...view.ofType("aws_instance").flatMap((r) => when(r.body.associate_public_ip_address !== true, r, "instance with a public IP")),
    ],
  },
  {
    id: "iam-least-privilege",
    description: "No * action, no * resource except the APIs that allow nothing else, no iam:PassRole on *",
    check: (view) =>
      policyDocuments(view).flatMap(({ owner, attribute, statements }) =>
        statements.flatMap((s, i) => {
          const where = `${attribute} statement ${s.Sid ?? i}`;
          const actions = list(s.Action);
          const errors: string[] = [];
          const keyPolicy = owner.type === "aws_kms_key" || owner.type === "aws_kms_key_policy";
          const rootAdmin = keyPolicy && actions.length === 1 && actions[0] === "kms:*" && /:root"?$/.test(JSON.stringify((s.Principal as any)?.AWS ?? ""));
          if (s.Effect === "Allow" && actions.some((a) => a === "*" || (a.endsWith(":*") && !rootAdmin))) errors.push(fail(owner, `${where} allows a wildcard action`));
          if (s.NotAction && s.Effect === "Allow") errors.push(fail(owner, `${where} uses NotAction in an Allow`));
          const identityPolicy = owner.type === "aws_iam_role_policy" || owner.type === "aws_iam_policy";
          if (s.Effect === "Allow" && identityPolicy && list(s.Resource).includes("*")) {
            const unjustified = actions.filter((a) => !(a in WILDCARD_RESOURCE_ACTIONS));
            if (unjustified.length > 0) errors.push(fail(owner, `${where} grants ${unjustified.join(", ")} on *`));
          }
          if (actions.some((a) => a === "iam:PassRole") && list(s.Resource).some((res) => res === "*")) errors.push(fail(owner, `${where} iam:PassRole on *`));
          return errors;
        }),
      ),
  },
  {
    id: "customer-managed-policies",
    description: "IAM permissions only in customer-managed policies: no inline policies, no AWS-managed attachments",
    check: customerManagedOnly,
  },
  {
    id: "no-unreachable-listeners",
    description: "The ALB listens only on ports its security group admits: with CloudFront-only ingress, no port-80 redirect and no test listener",
    check: reachableListeners,
  },
  {
    id: "log-groups",
    description: "Every log group is KMS-encrypted and has a retention",
    check: (view) =>
      view.ofType("aws_cloudwatch_log_group").flatMap((r) => when(!!r.body.kms_key_id && r.body.retention_in_days > 0, r, "log group without KMS or retention")),
  },
  {
    id: "bucket-guard-rails",
    description: "Every bucket blocks public access and has versioning and a lifecycle",
    check: (view) =>
      view.ofType("aws_s3_bucket").flatMap((r) => {
        const block = view.referencing("aws_s3_bucket_public_access_block", "bucket", r)[0]?.body;
        const versioning = view.referencing("aws_s3_bucket_versioning", "bucket", r)[0]?.body;
        return [
          ...when(!!block && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => block[k] === true), r, "public access not fully blocked"),
          ...when(first(versioning?.versioning_configuration)?.status === "Enabled", r, "versioning off"),
          ...when(view.referencing("aws_s3_bucket_lifecycle_configuration", "bucket", r).length === 1, r, "no lifecycle configuration"),
        ];
      }),
  },
  {
    id: "default-tags",
    description: "Every AWS provider tags everything with Environment, Application, CostCenter and ManagedBy",
    check: (view) =>
      view.stacks.flatMap(([stack, json]) =>
        list(json.provider?.aws as any).flatMap((provider: any) => {
          const tags = first(provider.default_tags)?.tags ?? {};
          const missing = ["Environment", "Application", "CostCenter", "ManagedBy"].filter((k) => !tags[k]);
          return missing.length ? [`${stack}/provider.aws${provider.alias ? `.${provider.alias}` : ""}: default_tags lack ${missing.join(", ")}`] : [];
        }),
      ),
  },
  {
    id: "names-carry-suffix",
    description: "Every physical name carries the environment suffix, so copies never collide",
    check: (view) =>
      view.resources
        .filter((r) => r.stack !== "bootstrap")
        .flatMap((r) =>
          [...(r.type in NAME_EXEMPT ? [] : NAME_ATTRIBUTES), ...(TYPED_NAME_ATTRIBUTES[r.type] ?? [])].filter((a) => typeof r.body[a] === "string" && !isReference(r.body[a]) && !r.body[a].includes(view.config.suffix)).map((a) =>
            fail(r, `${a} "${r.body[a]}" lacks the suffix "${view.config.suffix}"`),
          ),
        ),
  },
  {
    id: "no-credentials-in-state",
    description: "No password, auth token or secret value is set by Terraform (RDS manages the master password)",
    check: (view) => view.resources.flatMap((r) => findCredentials(r.body, "").map((attribute) => fail(r, `sets ${attribute}`))),
  },
  {
    id: "waf-in-front",
    description: "Every CloudFront distribution and every internet-facing ALB is behind a WAF web ACL",
    check: (view) => {
      const errors = view.ofType("aws_cloudfront_distribution").flatMap((r) => when(!!r.body.web_acl_id, r, "no web ACL"));
      const publicAlbs = view.ofType("aws_lb").filter((r) => r.body.internal !== true);
      const associations = view.ofType("aws_wafv2_web_acl_association");
      // The association lives in the edge stack and names the ALB through remote state.
      if (publicAlbs.length > 0 && "edge" in view.platform && associations.length < publicAlbs.length) {
        errors.push(...publicAlbs.map((r) => fail(r, "no WAF web ACL association")));
      }
      return errors;
    },
  },
  {
    id: "protection-switch",
    description: "Protection off: everything destroyable. Protection on: stores are retained",
    check: (view) => {
      const on = view.config.protection;
      const expect = (r: Resource, ok: boolean, what: string) => when(ok, r, `${what} (protection ${on ? "on" : "off"})`);
      return [
        ...view.ofType("aws_rds_cluster").flatMap((r) => [
          ...expect(r, (r.body.deletion_protection === true) === on, `deletion_protection ${r.body.deletion_protection}`),
          ...expect(r, (r.body.skip_final_snapshot === true) === !on, `skip_final_snapshot ${r.body.skip_final_snapshot}`),
        ]),
        ...view.ofType("aws_lb").flatMap((r) => expect(r, (r.body.enable_deletion_protection === true) === on, "ALB deletion protection")),
        ...view.ofType("aws_s3_bucket").filter((r) => r.stack !== "bootstrap").flatMap((r) => expect(r, (r.body.force_destroy === true) === !on, `force_destroy ${r.body.force_destroy}`)),
        ...view.ofType("aws_ecr_repository").flatMap((r) => expect(r, (r.body.force_delete === true) === !on, `force_delete ${r.body.force_delete}`)),
        ...view.ofType("aws_secretsmanager_secret").flatMap((r) => expect(r, (r.body.recovery_window_in_days === 0) === !on, `recovery window ${r.body.recovery_window_in_days}`)),
        ...view.ofType("aws_dynamodb_table").filter((r) => r.stack !== "bootstrap").flatMap((r) => expect(r, (r.body.deletion_protection_enabled === true) === on, "table deletion protection")),
        ...view.resources.filter((r) => r.body.lifecycle?.prevent_destroy === true).map((r) => fail(r, "prevent_destroy blocks destroy")),
      ];
    },
  },
];
