import { createHash } from "node:crypto";
import { TerraformSetupError, type TerraformJson } from "./terraform-root";

/**
 * Values an offline plan uses in place of what AWS or another stack's state would return:
 * shaped like the real thing (ARNs, IDs, hostnames) so the provider's own plan-time checks
 * (ARN syntax, ID prefixes, attribute combinations) run on them. Deterministic: the same
 * input gives the same value, so a failing plan can be re-run.
 */

export interface FakeContext {
  readonly region: string;
  readonly accountId: string;
}

/** The account an offline plan pretends to run in when the profile names none. */
export const FAKE_ACCOUNT_ID = "123456789012";

/**
 * Data sources that answer from the provider's configuration or built-in tables, with no AWS
 * call at plan time (checked against hashicorp/aws 5.100.0). Anything not here and not in
 * FAKE_DATA stops the run with a line naming it, rather than reaching for the network.
 */
export const LOCAL_DATA_SOURCES: ReadonlySet<string> = new Set([
  "aws_partition",
  "aws_region",
  "aws_elb_service_account",
  "aws_iam_policy_document",
  "aws_default_tags",
]);

const hex = (seed: string, length: number) => createHash("sha256").update(seed).digest("hex").slice(0, length);
const upper = (seed: string, length: number) => hex(seed, length).toUpperCase();
const uuid = (seed: string) => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const arn = (ctx: FakeContext, service: string, resource: string, region = ctx.region, account = ctx.accountId) =>
  `arn:aws:${service}:${region}:${account}:${resource}`;

type DataFake = (body: Record<string, unknown>, ctx: FakeContext, seed: string) => Record<string, unknown>;

/** Data sources that call AWS at plan time, and what the plan gets instead. */
export const FAKE_DATA: Readonly<Record<string, DataFake>> = {
  aws_caller_identity: (_body, ctx) => ({
    account_id: ctx.accountId,
    arn: `arn:aws:sts::${ctx.accountId}:assumed-role/offline-plan/session`,
    user_id: "AROAOFFLINEPLANEXAMPLE:session",
    id: ctx.accountId,
  }),
  aws_ec2_managed_prefix_list: (body, ctx, seed) => {
    const id = `pl-${hex(seed, 8)}`;
    return { id, arn: arn(ctx, "ec2", `prefix-list/${id}`, ctx.region, "aws"), name: body.name, owner_id: "AWS", address_family: "IPv4", max_entries: 55 };
  },
  aws_route53_zone: (body, _ctx, seed) => {
    const id = `Z${upper(seed, 20)}`;
    return { id, zone_id: id, name: body.name, arn: `arn:aws:route53:::hostedzone/${id}`, private_zone: body.private_zone ?? false };
  },
  // The account's GitHub OIDC provider (the ci stack, and bootstrap with GITHUB_OIDC_PROVIDER=existing).
  aws_iam_openid_connect_provider: (body, ctx) => {
    const url = String(body.url ?? "https://token.actions.githubusercontent.com");
    const providerArn = `arn:aws:iam::${ctx.accountId}:oidc-provider/${url.replace(/^https:\/\//, "")}`;
    return { id: providerArn, arn: providerArn, url, client_id_list: ["sts.amazonaws.com"], thumbprint_list: [] };
  },
  // The state key bootstrap created, found by its alias (the ci stack).
  aws_kms_alias: (body, ctx, seed) => {
    const keyId = uuid(seed);
    return { id: body.name, name: body.name, arn: arn(ctx, "kms", String(body.name)), target_key_id: keyId, target_key_arn: arn(ctx, "kms", `key/${keyId}`) };
  },
};

export interface ResourceFake {
  /** ARN resource part, from the resource's name. */
  readonly arn?: (name: string, seed: string) => string;
  readonly service?: string;
  /** Other attributes. */
  readonly attrs?: Readonly<Record<string, (name: string, ctx: FakeContext, seed: string) => unknown>>;
  /** Prefix of the resource's ID (vpc-, subnet-...), when its ID has one. */
  readonly idPrefix?: string;
}

const globalArn = (service: string, resource: string, ctx: FakeContext) => `arn:aws:${service}::${ctx.accountId}:${resource}`;

/** What a resource's attributes look like on AWS, per type. */
export const FAKE_RESOURCES: Readonly<Record<string, ResourceFake>> = {
  aws_vpc: { idPrefix: "vpc", service: "ec2", arn: (_n, s) => `vpc/vpc-${hex(s, 17)}` },
  aws_subnet: { idPrefix: "subnet", service: "ec2", arn: (_n, s) => `subnet/subnet-${hex(s, 17)}` },
  aws_security_group: { idPrefix: "sg", service: "ec2", arn: (_n, s) => `security-group/sg-${hex(s, 17)}` },
  aws_route_table: { idPrefix: "rtb" },
  aws_internet_gateway: { idPrefix: "igw" },
  aws_nat_gateway: { idPrefix: "nat" },
  aws_vpc_endpoint: { idPrefix: "vpce" },
  aws_vpc_peering_connection: { idPrefix: "pcx" },
  aws_route53_zone: {
    attrs: { zone_id: (_n, _c, s) => `Z${upper(s, 20)}`, id: (_n, _c, s) => `Z${upper(s, 20)}`, arn: (_n, _c, s) => `arn:aws:route53:::hostedzone/Z${upper(s, 20)}` },
  },
  aws_kms_key: { service: "kms", arn: (_n, s) => `key/${uuid(s)}`, attrs: { id: (_n, _c, s) => uuid(s), key_id: (_n, _c, s) => uuid(s) } },
  aws_sqs_queue: {
    service: "sqs",
    arn: (n) => n,
    attrs: { url: (n, c) => `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${n}`, id: (n, c) => `https://sqs.${c.region}.amazonaws.com/${c.accountId}/${n}` },
  },
  aws_sns_topic: { service: "sns", arn: (n) => n },
  aws_secretsmanager_secret: { service: "secretsmanager", arn: (n, s) => `secret:${n}-${hex(s, 6)}` },
  aws_ecr_repository: { service: "ecr", arn: (n) => `repository/${n}`, attrs: { repository_url: (n, c) => `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com/${n}` } },
  aws_ecs_cluster: { service: "ecs", arn: (n) => `cluster/${n}` },
  aws_ecs_service: { service: "ecs", arn: (n) => `service/${n}` },
  aws_lb: {
    service: "elasticloadbalancing",
    arn: (n, s) => `loadbalancer/app/${n}/${hex(s, 16)}`,
    attrs: { dns_name: (n, c, s) => `${n}-${parseInt(hex(s, 8), 16)}.${c.region}.elb.amazonaws.com`, zone_id: () => "Z35SXDOTRQ7X7K" },
  },
  aws_lb_target_group: { service: "elasticloadbalancing", arn: (n, s) => `targetgroup/${n}/${hex(s, 16)}` },
  aws_lb_listener: { service: "elasticloadbalancing", arn: (n, s) => `listener/app/${n}/${hex(s, 16)}/${hex(`${s}l`, 16)}` },
  aws_s3_bucket: {
    attrs: {
      arn: (n) => `arn:aws:s3:::${n}`,
      id: (n) => n,
      bucket_regional_domain_name: (n, c) => `${n}.s3.${c.region}.amazonaws.com`,
      bucket_domain_name: (n) => `${n}.s3.amazonaws.com`,
    },
  },
  aws_rds_cluster: {
    service: "rds",
    arn: (n) => `cluster:${n}`,
    attrs: {
      endpoint: (n, c, s) => `${n}.cluster-${hex(s, 12)}.${c.region}.rds.amazonaws.com`,
      reader_endpoint: (n, c, s) => `${n}.cluster-ro-${hex(s, 12)}.${c.region}.rds.amazonaws.com`,
      cluster_resource_id: (_n, _c, s) => `cluster-${upper(s, 26)}`,
      secret_arn: (_n, c, s) => arn(c, "secretsmanager", `secret:rds!cluster-${uuid(s)}-${hex(s, 6)}`),
    },
  },
  aws_elasticache_replication_group: {
    service: "elasticache",
    arn: (n) => `replicationgroup:${n}`,
    attrs: { primary_endpoint_address: (n, c, s) => `master.${n}.${hex(s, 6)}.${c.region}.cache.amazonaws.com` },
  },
  aws_elasticache_user: { service: "elasticache", arn: (n) => `user:${n}` },
  aws_iam_role: { attrs: { arn: (n, c) => globalArn("iam", `role/${n}`, c) } },
  aws_cloudwatch_log_group: { service: "logs", arn: (n) => `log-group:${n}` },
  aws_wafv2_web_acl: { service: "wafv2", arn: (n, s) => `regional/webacl/${n}/${uuid(s)}` },
  aws_acm_certificate: { service: "acm", arn: (_n, s) => `certificate/${uuid(s)}` },
  aws_cloudfront_distribution: {
    attrs: {
      id: (_n, _c, s) => `E${upper(s, 13)}`,
      arn: (_n, c, s) => globalArn("cloudfront", `distribution/E${upper(s, 13)}`, c),
      domain_name: (_n, _c, s) => `d${hex(s, 13)}.cloudfront.net`,
      hosted_zone_id: () => "Z2FDTNDATAQYW2",
    },
  },
  aws_service_discovery_private_dns_namespace: { service: "servicediscovery", arn: (_n, s) => `namespace/ns-${hex(s, 16)}`, idPrefix: "ns" },
  random_password: { attrs: { result: (_n, _c, s) => `Fake${hex(s, 44)}` } },
};

/** Attributes that hold the resource's own name: the fake is the configured name. */
const NAME_ATTRIBUTES = new Set(["name", "bucket", "cluster_identifier", "user_name", "replication_group_id", "family", "function_name"]);

/** The configured name of a resource, when its config states one literally. */
function configuredName(type: string, name: string, producer: TerraformJson): string {
  const body = (producer.resource?.[type]?.[name] ?? {}) as Record<string, unknown>;
  const literal = [...NAME_ATTRIBUTES].map((a) => body[a]).find((v): v is string => typeof v === "string" && !v.includes("${"));
  return literal ?? `fake-${name.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 32).replace(/-+$/, "");
}

/** A fake for `<type>.<name>.<path>` of a resource in `producer`; throws naming what it cannot fake. */
export function fakeResourceAttribute(type: string, name: string, attributePath: string, producer: TerraformJson, ctx: FakeContext): unknown {
  const attribute = attributePath.split(".").pop()!.replace(/\[\d+\]$/, "");
  const seed = `${ctx.accountId}/${ctx.region}/${type}.${name}.${attributePath}`;
  const resourceName = configuredName(type, name, producer);
  const known = FAKE_RESOURCES[type];
  const own = known?.attrs?.[attribute];
  if (own) return own(resourceName, ctx, seed);
  if (attribute === "arn" && known?.arn && known.service) return arn(ctx, known.service, known.arn(resourceName, seed));
  if (attribute === "id" && known?.idPrefix) return `${known.idPrefix}-${hex(seed, 17)}`;
  if (NAME_ATTRIBUTES.has(attribute)) return resourceName;
  throw new TerraformSetupError(
    `no fake value for ${type}.${attributePath} (an output of another stack that an offline plan reads); add ${type} to FAKE_RESOURCES in lib/plan-fakes.ts`,
  );
}

/** A fake for a data source's attribute that a producer's output reads. */
function fakeDataAttribute(type: string, name: string, attributePath: string, producer: TerraformJson, ctx: FakeContext): unknown {
  const fake = FAKE_DATA[type];
  if (type === "aws_partition") return "aws";
  if (type === "aws_region") return ctx.region;
  // An output passed on from a third stack's state (a shared-ECR consumer hands on its owner's key).
  if (type === "terraform_remote_state") {
    if (/^outputs\.[a-z0-9_]*key_arn$/.test(attributePath)) return arn(ctx, "kms", `key/${uuid(`${name}.${attributePath}`)}`);
    const repository = /^outputs\.ecr_repository_(arns|urls)\["([a-z0-9-]+)"\]$/.exec(attributePath);
    if (repository) {
      const [, kind, service] = repository;
      return kind === "arns" ? arn(ctx, "ecr", `repository/payment-${service}`) : `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/payment-${service}`;
    }
  }
  const values = fake?.(producer.data?.[type]?.[name] ?? {}, ctx, `${type}.${name}`);
  const attribute = attributePath.split(".")[0];
  if (values && attribute in values) return values[attribute];
  throw new TerraformSetupError(`no fake value for data.${type}.${attributePath} (an output of another stack); add it to FAKE_DATA in lib/plan-fakes.ts`);
}

const REFERENCE = String.raw`((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]"-]+)|local\.([A-Za-z0-9_-]+)`;
const WHOLE_REFERENCE = new RegExp(String.raw`^\$\{(?:${REFERENCE})\}$`);
const EMBEDDED_REFERENCE = new RegExp(String.raw`\$\{(?:${REFERENCE})\}`, "g");

function fakeReference(match: readonly (string | undefined)[], producer: TerraformJson, ctx: FakeContext, output: string): unknown {
  const [, kind, name, attributePath, local] = match;
  if (local !== undefined) {
    if (!producer.locals || !(local in producer.locals)) throw new TerraformSetupError(`output ${output} reads local.${local}, which its stack does not define`);
    return fakeOutputValue(producer.locals[local], producer, ctx, output);
  }
  return kind!.startsWith("data.")
    ? fakeDataAttribute(kind!.slice(5), name!, attributePath!, producer, ctx)
    : fakeResourceAttribute(kind!, name!, attributePath!, producer, ctx);
}

/**
 * An output's value as its producer's state would hold it: each `${type.name.attr}` (or
 * `${local.name}`) reference replaced by a fake, literals kept. Lists and maps keep their shape.
 */
export function fakeOutputValue(value: unknown, producer: TerraformJson, ctx: FakeContext, output: string): unknown {
  if (Array.isArray(value)) return value.map((v) => fakeOutputValue(v, producer, ctx, output));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fakeOutputValue(v, producer, ctx, output)]));
  }
  if (typeof value !== "string" || !value.includes("${")) return value;
  const whole = WHOLE_REFERENCE.exec(value);
  if (whole) return fakeReference(whole, producer, ctx, output);
  const replaced = value.replace(EMBEDDED_REFERENCE, (...match: string[]) => String(fakeReference(match, producer, ctx, output)));
  if (replaced.includes("${")) {
    throw new TerraformSetupError(`output ${output} is an expression an offline plan cannot fake: ${value}; teach fakeOutputValue in lib/plan-fakes.ts`);
  }
  return replaced;
}

/**
 * The outputs of a producer stack a consumer's terraform_remote_state reads (all of them when
 * `names` is undefined). An output the producer does not write is left out, so the plan fails
 * on the consumer's reference to it.
 */
export function fakeStateOutputs(producer: TerraformJson, ctx: FakeContext, names?: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(producer.output ?? {})
      .filter(([name]) => !names || names.has(name))
      .map(([name, { value }]) => [name, fakeOutputValue(value, producer, ctx, name)]),
  );
}
