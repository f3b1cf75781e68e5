import { albOriginPort, albServesTls, baselineRegions, deploysBaseline } from "../../config/derived";
import { CI_RULES } from "./ci-checks";
import { isReference, label, list, policyDocuments, referencedResource, regionOf, WILDCARD_RESOURCE_ACTIONS, type PlatformView, type Resource, type Rule } from "./rules";

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
  aws_guardduty_detector_feature: "the names of GuardDuty protection plans, not physical names",
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

/** Where the profile names a DR region: the frontend is replicated there, encrypted, and CloudFront fails over to it. */
function frontendReplica(view: PlatformView): string[] {
  const region = view.config.edge.frontendReplicaRegion;
  if (!region || !("edge" in view.platform)) return [];
  const errors = view.ofType("aws_cloudfront_distribution").flatMap((r) =>
    when(list<any>(r.body.origin_group).some((g) => list<number>(first(g.failover_criteria)?.status_codes).length > 0), r, "no origin group failing over to the replica"),
  );
  const replications = view.ofType("aws_s3_bucket_replication_configuration").filter((r) => r.stack === "edge");
  const replicated = replications.some((r) =>
    list<any>(r.body.rule).some((rule) => rule.status === "Enabled" && !!first(first(rule.destination)?.encryption_configuration)?.replica_kms_key_id),
  );
  if (!replicated) errors.push(`edge: no enabled replication of the frontend bucket re-encrypted with a replica key (DR region ${region})`);
  if (!list<any>(view.platform.edge.provider?.aws).some((p) => p.region === region)) errors.push(`edge: no provider in the DR region ${region}`);
  return errors;
}

/** PCI DSS 10.5.1: twelve months of audit log history. */
const PCI_LOG_DAYS = 365;

function logGroupRetention(r: Resource, view: PlatformView): string[] {
  const days = r.body.retention_in_days;
  return [
    ...when(!!r.body.kms_key_id, r, "log group not encrypted with a KMS key"),
    ...when(days === view.config.logRetentionDays, r, `retention ${days} days, not the profile's logRetentionDays (${view.config.logRetentionDays})`),
    ...when(!view.config.protection || days >= PCI_LOG_DAYS, r, `retention ${days} days, under the ${PCI_LOG_DAYS} PCI DSS 10.5.1 asks of a protected environment`),
  ];
}

/**
 * Lambda creates /aws/lambda/<name> on first run, unencrypted and kept forever, unless the
 * platform creates that group first or points logging_config at one of its own.
 */
function lambdaLogGroup(fn: Resource, view: PlatformView): string[] {
  const target = first(fn.body.logging_config)?.log_group ?? `/aws/lambda/${fn.body.function_name}`;
  const managed = view.ofType("aws_cloudwatch_log_group").some((g) => g.stack === fn.stack && (g.body.name === target || String(target).includes(`aws_cloudwatch_log_group.${g.name}.`)));
  return when(managed, fn, `logs to ${target}, a log group the platform does not manage (no retention, no KMS)`);
}

/** A bucket S3 server access logs are delivered to: its policy admits logging.s3.amazonaws.com. */
function isAccessLogBucket(bucket: Resource, view: PlatformView): boolean {
  return view
    .referencing("aws_s3_bucket_policy", "bucket", bucket)
    .some((p) => list(JSON.parse(p.body.policy).Statement).some((st: any) => st.Effect === "Allow" && list(st.Principal?.Service).includes("logging.s3.amazonaws.com")));
}

function accessLogging(bucket: Resource, view: PlatformView): string[] {
  if (isAccessLogBucket(bucket, view)) {
    const sse = view.referencing("aws_s3_bucket_server_side_encryption_configuration", "bucket", bucket)[0]?.body;
    const algorithm = first(first(sse?.rule)?.apply_server_side_encryption_by_default)?.sse_algorithm;
    const lifecycle = view.referencing("aws_s3_bucket_lifecycle_configuration", "bucket", bucket)[0]?.body;
    const expires = list(lifecycle?.rule).some((rule: any) => first(rule.expiration)?.days > 0);
    return [
      ...when(algorithm === "AES256", bucket, `access-log bucket encrypted with ${algorithm} (S3 log delivery supports SSE-S3 only)`),
      ...when(expires, bucket, "access-log bucket without an expiry"),
    ];
  }
  const logging = view.referencing("aws_s3_bucket_logging", "bucket", bucket);
  if (logging.length !== 1) return [fail(bucket, "no server access logging")];
  const target = referencedResource(view, logging[0], logging[0].body.target_bucket, "aws_s3_bucket");
  if (!target || !isAccessLogBucket(target, view)) return [fail(bucket, `logs to ${logging[0].body.target_bucket}, not an access-log bucket`)];
  const [from, to] = [regionOf(view, bucket), regionOf(view, target)];
  return when(from === to, bucket, `logs to ${label(target)} in ${to}, not its own region ${from}`);
}

/** Resources of `type` in the baseline stack, by region. */
function perRegion(view: PlatformView, type: string): Map<string, Resource[]> {
  const byRegion = new Map<string, Resource[]>();
  for (const r of view.ofType(type).filter((r) => r.stack === "baseline")) {
    const region = regionOf(view, r) ?? "?";
    byRegion.set(region, [...(byRegion.get(region) ?? []), r]);
  }
  return byRegion;
}

const GUARDDUTY_PLANS: Record<string, string[]> = { S3_DATA_EVENTS: [], RDS_LOGIN_EVENTS: [], RUNTIME_MONITORING: ["ECS_FARGATE_AGENT_MANAGEMENT"] };
const STANDARDS = ["standards/aws-foundational-security-best-practices/v/1.0.0", "standards/pci-dss/v/4.0.1"];

/** GuardDuty, Config, Security Hub and Access Analyzer in every region the platform uses. */
function regionalBaseline(view: PlatformView): string[] {
  const errors: string[] = [];
  const missing = (region: string, what: string) => errors.push(`baseline/${region}: ${what}`);
  const detectors = perRegion(view, "aws_guardduty_detector");
  const features = view.ofType("aws_guardduty_detector_feature");
  const recorders = perRegion(view, "aws_config_configuration_recorder");
  const channels = perRegion(view, "aws_config_delivery_channel");
  const statuses = perRegion(view, "aws_config_configuration_recorder_status");
  const hubs = perRegion(view, "aws_securityhub_account");
  const subscriptions = perRegion(view, "aws_securityhub_standards_subscription");
  const analyzers = perRegion(view, "aws_accessanalyzer_analyzer");
  for (const region of baselineRegions(view.config)) {
    const detector = detectors.get(region) ?? [];
    if (detector.length !== 1 || detector[0].body.enable !== true) missing(region, "no enabled GuardDuty detector");
    for (const [plan, extras] of Object.entries(GUARDDUTY_PLANS)) {
      const feature = features.find((f) => detector[0] && referencedResource(view, f, f.body.detector_id, "aws_guardduty_detector") === detector[0] && f.body.name === plan);
      const extrasOn = extras.every((x) => list(feature?.body.additional_configuration).some((c: any) => c.name === x && c.status === "ENABLED"));
      if (feature?.body.status !== "ENABLED" || !extrasOn) missing(region, `GuardDuty ${plan}${extras.length ? ` with ${extras.join(", ")}` : ""} not enabled`);
    }
    const recorder = recorders.get(region) ?? [];
    if (recorder.length !== 1 || first(recorder[0].body.recording_group)?.all_supported !== true) missing(region, "no AWS Config recorder of all supported resources");
    const channel = channels.get(region) ?? [];
    if (channel.length !== 1) missing(region, "no AWS Config delivery channel");
    const configBucket = channel[0] && referencedResource(view, channel[0], channel[0].body.s3_bucket_name, "aws_s3_bucket");
    if (configBucket?.body.object_lock_enabled) missing(region, "AWS Config delivers to a bucket with Object Lock, which Config refuses");
    if (!(statuses.get(region) ?? []).some((st) => st.body.is_enabled === true)) missing(region, "AWS Config recorder not enabled");
    if ((hubs.get(region) ?? []).length !== 1) missing(region, "Security Hub not enabled");
    const arns = (subscriptions.get(region) ?? []).map((sub) => String(sub.body.standards_arn));
    for (const standard of STANDARDS) if (!arns.some((arn) => arn.endsWith(`:securityhub:${region}::${standard}`))) missing(region, `not subscribed to ${standard}`);
    if (!(analyzers.get(region) ?? []).some((a) => a.body.type === "ACCOUNT")) missing(region, "no IAM Access Analyzer");
  }
  const global = view.ofType("aws_config_configuration_recorder").filter((r) => first(r.body.recording_group)?.include_global_resource_types === true);
  if (global.length !== 1) errors.push(`baseline: ${global.length} AWS Config recorders record global resources (one should)`);
  return errors;
}

/** Trail metric filters and the event each must match. */
const TRAIL_ALARM_EVENTS: Record<string, RegExp> = {
  "root sign-in or activity": /\$\.userIdentity\.type = "Root"/,
  "CloudTrail changes": /^(?=[\s\S]*StopLogging)(?=[\s\S]*DeleteTrail)/,
  "IAM policy changes": /iam\.amazonaws\.com[\s\S]*AttachRolePolicy/,
};

/** A topic whose policy and key both let `service` publish, so encrypted publishes are delivered. */
function topicAdmits(view: PlatformView, from: Resource, topicRef: unknown, service: string): boolean {
  const topic = referencedResource(view, from, topicRef, "aws_sns_topic");
  if (!topic) return false;
  const admits = (doc: string) => list(JSON.parse(doc).Statement).some((st: any) => st.Effect === "Allow" && list(st.Principal?.Service).includes(service));
  const policy = view.referencing("aws_sns_topic_policy", "arn", topic)[0];
  const key = referencedResource(view, topic, topic.body.kms_master_key_id, "aws_kms_key");
  return !!policy && admits(policy.body.policy) && !!key && admits(key.body.policy);
}

/** Alarms on the trail's log group for root activity, trail changes and IAM policy changes; high GuardDuty findings to SNS. */
function securityAlarms(view: PlatformView): string[] {
  const errors: string[] = [];
  const filters = view.ofType("aws_cloudwatch_log_metric_filter").filter((r) => r.stack === "baseline");
  const alarms = view.ofType("aws_cloudwatch_metric_alarm").filter((r) => r.stack === "baseline");
  for (const [event, pattern] of Object.entries(TRAIL_ALARM_EVENTS)) {
    const filter = filters.find((f) => pattern.test(String(f.body.pattern)));
    const metric = first(filter?.body.metric_transformation)?.name;
    const alarm = alarms.find((a) => metric && a.body.metric_name === metric && list(a.body.alarm_actions).length > 0);
    if (!alarm || !topicAdmits(view, alarm, list(alarm.body.alarm_actions)[0], "cloudwatch.amazonaws.com")) errors.push(`baseline: no alarm to SNS on ${event}`);
  }
  const rules = perRegion(view, "aws_cloudwatch_event_rule");
  const targets = view.ofType("aws_cloudwatch_event_target");
  for (const region of baselineRegions(view.config)) {
    const rule = (rules.get(region) ?? []).find((r) => {
      const pattern = JSON.parse(r.body.event_pattern ?? "{}");
      const floor = list(pattern.detail?.severity).flatMap((s: any) => list(s.numeric))[1];
      return list(pattern.source).includes("aws.guardduty") && typeof floor === "number" && floor <= 7;
    });
    const target = rule && targets.find((t) => referencedResource(view, t, t.body.rule, "aws_cloudwatch_event_rule") === rule);
    if (!target || !topicAdmits(view, target, target.body.arn, "events.amazonaws.com")) errors.push(`baseline/${region}: high-severity GuardDuty findings reach no SNS topic`);
  }
  return errors;
}

function auditTrail(view: PlatformView): string[] {
  const trails = view.ofType("aws_cloudtrail");
  if (trails.length !== 1) return [`baseline: ${trails.length} CloudTrail trails (one multi-region trail expected)`];
  const t = trails[0];
  const bucket = referencedResource(view, t, t.body.s3_bucket_name, "aws_s3_bucket");
  const lock = bucket && view.referencing("aws_s3_bucket_object_lock_configuration", "bucket", bucket)[0];
  const sse = bucket && view.referencing("aws_s3_bucket_server_side_encryption_configuration", "bucket", bucket)[0]?.body;
  return [
    ...when(t.body.is_multi_region_trail === true && t.body.include_global_service_events === true, t, "not a multi-region trail with global service events"),
    ...when(t.body.enable_log_file_validation === true, t, "log file validation off"),
    ...when(!!t.body.kms_key_id, t, "log files not KMS-encrypted"),
    ...when(!!t.body.cloud_watch_logs_group_arn && !!t.body.cloud_watch_logs_role_arn, t, "no CloudWatch Logs delivery"),
    ...when(!!bucket && first(first(sse?.rule)?.apply_server_side_encryption_by_default)?.sse_algorithm === "aws:kms", t, "trail bucket not KMS-encrypted"),
    ...when(Boolean(bucket?.body.object_lock_enabled) === view.config.protection, t, `trail bucket object lock ${bucket?.body.object_lock_enabled ? "on" : "off"} (protection ${view.config.protection ? "on" : "off"})`),
    ...when(!view.config.protection || !!lock, t, "trail bucket without a default Object Lock retention"),
  ];
}

/** Only the owner of an account's baseline deploys it; everyone else has no baseline stack. */
function baselinePresence(view: PlatformView): string[] {
  const has = "baseline" in view.platform;
  const should = deploysBaseline(view.config);
  return has === should ? [] : [`baseline: stack ${has ? "present" : "absent"} but baseline.enabled is ${view.config.baseline.enabled} for suffix ${view.config.suffix}`];
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
    description: "Every log group is KMS-encrypted and keeps the profile's one retention, at least 365 days when protected",
    check: (view) => [
      ...view.ofType("aws_cloudwatch_log_group").flatMap((r) => logGroupRetention(r, view)),
      ...view.ofType("aws_lambda_function").flatMap((r) => lambdaLogGroup(r, view)),
    ],
  },
  {
    id: "bucket-access-logging",
    description: "Every bucket except the access-log buckets logs to an access-log bucket of its own region (SSE-S3, expiring)",
    check: (view) => view.ofType("aws_s3_bucket").flatMap((r) => accessLogging(r, view)),
  },
  {
    id: "audit-trail",
    description: "One multi-region CloudTrail trail with log file validation, KMS, CloudWatch Logs delivery and an Object-Locked bucket when protected",
    check: (view) => (deploysBaseline(view.config) ? auditTrail(view) : baselinePresence(view)),
  },
  {
    id: "threat-detection",
    description: "GuardDuty (S3, RDS login, ECS Fargate runtime), Config, Security Hub (FSBP, PCI DSS v4.0.1) and Access Analyzer in every region used",
    check: (view) => (deploysBaseline(view.config) ? regionalBaseline(view) : []),
  },
  {
    id: "security-alarms",
    description: "Alarms to SNS on root activity, CloudTrail changes and IAM policy changes; high-severity GuardDuty findings to SNS",
    check: (view) => (deploysBaseline(view.config) ? securityAlarms(view) : []),
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
        // bootstrap is per account, ci per profile: their names carry no suffix on purpose.
        .filter((r) => r.stack !== "bootstrap" && r.stack !== "ci")
        .flatMap((r) =>
          // Some names (AWS Backup restore testing) allow no '-': the suffix appears with '_' there.
          [...(r.type in NAME_EXEMPT ? [] : NAME_ATTRIBUTES), ...(TYPED_NAME_ATTRIBUTES[r.type] ?? [])].filter((a) => typeof r.body[a] === "string" && !isReference(r.body[a]) && ![view.config.suffix, view.config.suffix.replace(/-/g, "_")].some((s) => r.body[a].includes(s))).map((a) =>
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
    id: "frontend-dr",
    description: "Where the profile has a DR region, the frontend is replicated there with its own key and CloudFront fails over to it",
    check: frontendReplica,
  },
  {
    id: "database-backups",
    description: "Every Aurora cluster is in an AWS Backup plan; vaults use customer keys, are locked when protected, and copied to the DR region when configured",
    check: (view) => {
      const selections = view.ofType("aws_backup_selection");
      const locks = view.ofType("aws_backup_vault_lock_configuration");
      const plans = view.ofType("aws_backup_plan");
      return [
        ...view.ofType("aws_rds_cluster").flatMap((r) =>
          when(selections.some((s) => s.stack === r.stack && list<string>(s.body.resources).includes(`\${aws_rds_cluster.${r.name}.arn}`)), r, "in no AWS Backup selection"),
        ),
        ...view.ofType("aws_backup_vault").flatMap((r) => [
          ...when(!!r.body.kms_key_arn, r, "vault without a customer-managed key"),
          ...(view.config.protection
            ? when(locks.some((l) => l.stack === r.stack && l.body.backup_vault_name === `\${aws_backup_vault.${r.name}.name}` && l.body.changeable_for_days === undefined), r, "protected vault without a governance-mode lock")
            : []),
        ]),
        ...(view.config.disasterRecovery
          ? plans.flatMap((p) => when(list<any>(p.body.rule).every((rule) => list(rule.copy_action).length > 0), p, `no copy to ${view.config.disasterRecovery!.region}`))
          : []),
      ];
    },
  },
  {
    id: "database-iam-auth",
    description: "Services authenticate to Aurora with IAM as their own roles: the master secret never leaves the data stack and no task receives a database password",
    check: (view) => [
      ...view.ofType("aws_rds_cluster").flatMap((r) => when(r.body.iam_database_authentication_enabled === true, r, "IAM database authentication off")),
      ...view.stacks.flatMap(([stack, json]) =>
        Object.entries(json.output ?? {})
          .filter(([name, o]) => name.startsWith("cross-stack-output-") && String(o.value).includes("master_user_secret"))
          .map(([name]) => `${stack}/output.${name}: hands the master secret to another stack`),
      ),
      ...view.ofType("aws_ecs_task_definition").flatMap((r) => {
        const containers = typeof r.body.container_definitions === "string" ? JSON.parse(r.body.container_definitions) : [];
        const names = containers.flatMap((c: any) => list<any>(c.secrets).map((s) => s.name as string));
        return names.filter((n: string) => /^DB_(PASSWORD|USERNAME)$/.test(n)).map((n: string) => fail(r, `injects ${n}`));
      }),
    ],
  },
  {
    id: "deliberate-db-upgrades",
    description: "No Aurora instance upgrades its minor version by itself (a pinned engine_version would make the next plan a downgrade)",
    check: (view) => view.ofType("aws_rds_cluster_instance").flatMap((r) => when(r.body.auto_minor_version_upgrade === false, r, "automatic minor version upgrades on")),
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
        ...view.ofType("aws_backup_vault").flatMap((r) => expect(r, (r.body.force_destroy === true) === !on, `vault force_destroy ${r.body.force_destroy}`)),
        ...view.ofType("aws_secretsmanager_secret").flatMap((r) => expect(r, (r.body.recovery_window_in_days === 0) === !on, `recovery window ${r.body.recovery_window_in_days}`)),
        ...view.ofType("aws_dynamodb_table").filter((r) => r.stack !== "bootstrap").flatMap((r) => expect(r, (r.body.deletion_protection_enabled === true) === on, "table deletion protection")),
        ...view.resources.filter((r) => r.body.lifecycle?.prevent_destroy === true).map((r) => fail(r, "prevent_destroy blocks destroy")),
      ];
    },
  },
  ...CI_RULES,
];
