import { FAKE_ACCOUNT_ID, FAKE_RESOURCES, fakeOutputValue, fakeResourceAttribute, fakeStateOutputs } from "../../lib/plan-fakes";
import { offlineProvider, outputsRead, overridesFor, parseTestOutput, renderTestFile } from "../../lib/terraform-plan";
import { TerraformSetupError, type TerraformJson } from "../../lib/terraform-root";

const ctx = { region: "eu-west-1", accountId: FAKE_ACCOUNT_ID };
const ARN = /^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/;

const producer: TerraformJson = {
  terraform: { backend: { s3: { bucket: "state", key: "payment/dev/network.tfstate" } } },
  provider: { aws: [{ region: "eu-west-1" }] },
  resource: {
    aws_vpc: { main: {} },
    aws_sqs_queue: { jobs: { name: "payment-jobs-dev" } },
    aws_rds_cluster: { db: { cluster_identifier: "payment-db-dev" } },
  },
  locals: { queue: "${aws_sqs_queue.jobs.url}" },
  output: {
    vpc_id: { value: "${aws_vpc.main.id}" },
    queue_arn: { value: "${aws_sqs_queue.jobs.arn}", sensitive: true },
    queue_url: { value: "${local.queue}" },
    secret: { value: "${aws_rds_cluster.db.master_user_secret[0].secret_arn}" },
    endpoint: { value: "postgres://${aws_rds_cluster.db.endpoint}:5432" },
    zone: { value: "dev.payment.internal" },
    ids: { value: ["${aws_vpc.main.id}"] },
  },
};

describe("fake state outputs", () => {
  const outputs = fakeStateOutputs(producer, ctx);

  it("shapes each value like AWS would: IDs with their prefix, ARNs, URLs, names from the config", () => {
    expect(outputs.vpc_id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(outputs.queue_arn).toBe("arn:aws:sqs:eu-west-1:123456789012:payment-jobs-dev");
    expect(outputs.queue_url).toBe("https://sqs.eu-west-1.amazonaws.com/123456789012/payment-jobs-dev");
    expect(outputs.secret).toMatch(ARN);
    expect(outputs.secret).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-/);
    expect(outputs.endpoint).toMatch(/^postgres:\/\/payment-db-dev\.cluster-[0-9a-f]{12}\.eu-west-1\.rds\.amazonaws\.com:5432$/);
    expect(outputs.zone).toBe("dev.payment.internal");
    expect(outputs.ids).toEqual([outputs.vpc_id]);
  });

  it("is deterministic, and only the outputs asked for", () => {
    expect(fakeStateOutputs(producer, ctx)).toEqual(outputs);
    expect(Object.keys(fakeStateOutputs(producer, ctx, new Set(["vpc_id", "not_written"])))).toEqual(["vpc_id"]);
  });

  it.each(Object.entries(FAKE_RESOURCES))("fakes every attribute it knows of %s in its AWS shape", (type, fake) => {
    const attributes = [...Object.keys(fake.attrs ?? {}), ...(fake.arn ? ["arn"] : []), ...(fake.idPrefix ? ["id"] : [])];
    expect(attributes).not.toEqual([]);
    for (const attribute of attributes) {
      const value = fakeResourceAttribute(type, "thing", attribute, producer, ctx);
      expect(typeof value).toBe("string");
      if (attribute.endsWith("arn")) expect(value).toMatch(ARN);
      if (attribute === "id" && fake.idPrefix) expect(value).toMatch(new RegExp(`^${fake.idPrefix}-[0-9a-f]{17}$`));
    }
  });

  it("fakes the data sources a producer's outputs read", () => {
    const json: TerraformJson = { ...producer, data: { aws_route53_zone: { z: { name: "example.com" } } } };
    expect(fakeOutputValue("${data.aws_partition.p.partition}:${data.aws_region.r.name}:${data.aws_caller_identity.me.account_id}", json, ctx, "o")).toBe(
      "aws:eu-west-1:123456789012",
    );
    expect(fakeOutputValue("${data.aws_route53_zone.z.name}", json, ctx, "o")).toBe("example.com");
    expect(() => fakeOutputValue("${data.aws_route53_zone.z.nope}", json, ctx, "o")).toThrow(
      "no fake value for data.aws_route53_zone.nope (an output of another stack); add it to FAKE_DATA in lib/plan-fakes.ts",
    );
  });

  it("names what it cannot fake", () => {
    expect(() => fakeOutputValue("${aws_mystery.x.id}", producer, ctx, "o")).toThrow(
      new TerraformSetupError("no fake value for aws_mystery.id (an output of another stack that an offline plan reads); add aws_mystery to FAKE_RESOURCES in lib/plan-fakes.ts"),
    );
    expect(() => fakeOutputValue("${join(\",\", aws_vpc.main.*.id)}", producer, ctx, "o")).toThrow(/^output o is an expression an offline plan cannot fake/);
    expect(() => fakeOutputValue("${local.nope}", producer, ctx, "o")).toThrow("output o reads local.nope, which its stack does not define");
  });
});

describe("overridesFor", () => {
  const consumer: TerraformJson = {
    provider: { aws: [{ region: "eu-west-1", allowed_account_ids: ["210987654321"] }] },
    data: {
      aws_caller_identity: { me: {} },
      aws_partition: { p: {} },
      aws_route53_zone: { zone: { name: "payments.example.com" } },
      terraform_remote_state: { network: { backend: "s3", config: { bucket: "state", key: "payment/dev/network.tfstate" } } },
    },
    resource: { aws_subnet: { s: { vpc_id: "${data.terraform_remote_state.network.outputs.vpc_id}" } } },
  };
  const producers = (address: string) => (address === "state/payment/dev/network.tfstate" ? producer : undefined);

  it("fakes what would call AWS, in the account the provider allows, and the remote state outputs the stack reads", () => {
    const overrides = overridesFor("dev-data", consumer, producers);
    expect(overrides.map((o) => o.target)).toEqual([
      "module.dev-data.data.aws_caller_identity.me",
      "module.dev-data.data.aws_route53_zone.zone",
      "module.dev-data.data.terraform_remote_state.network",
    ]);
    expect(overrides[0].values).toMatchObject({ account_id: "210987654321" });
    expect(overrides[1].values).toMatchObject({ name: "payments.example.com", zone_id: expect.stringMatching(/^Z[0-9A-F]{20}$/) });
    expect(overrides[2].values).toEqual({ outputs: { vpc_id: expect.stringMatching(/^vpc-/) } });
  });

  it("stops with one line per data source it does not know and per state nobody writes", () => {
    const unknown: TerraformJson = {
      data: {
        aws_availability_zones: { azs: {} },
        terraform_remote_state: { peer: { backend: "s3", config: { bucket: "state", key: "payment/x/network.tfstate" } } },
      },
    };
    expect(() => overridesFor("dev-network", unknown, producers)).toThrow(
      "cannot plan offline:\n" +
        "module.dev-network.data.aws_availability_zones.azs: data source aws_availability_zones is neither known to make no AWS call (LOCAL_DATA_SOURCES) nor faked (FAKE_DATA) in lib/plan-fakes.ts\n" +
        "module.dev-network.data.terraform_remote_state.peer reads s3://state/payment/x/network.tfstate, which no synthesized stack writes",
    );
  });
});

it("finds the outputs a stack reads from a remote state, or undefined when it takes the whole object", () => {
  const json: TerraformJson = {
    resource: { a: { b: { x: "${data.terraform_remote_state.r.outputs.one}", y: ["${data.terraform_remote_state.r.outputs.two-b}"] } } },
  };
  expect(outputsRead(json, "r")).toEqual(new Set(["one", "two-b"]));
  expect(outputsRead({ resource: { a: { b: { x: '${lookup(data.terraform_remote_state.r.outputs, "one")}' } } } }, "r")).toBeUndefined();
});

it("gives every provider block fake keys, every skip flag and one attempt per call", () => {
  expect(offlineProvider({ region: "eu-west-1", alias: "x" })).toEqual({
    region: "eu-west-1",
    alias: "x",
    access_key: expect.any(String),
    secret_key: expect.any(String),
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    max_retries: 1,
  });
});

it("renders override_data blocks and one plan run, escaping Terraform templates in values", () => {
  expect(renderTestFile([{ target: "module.a.data.x.y", values: { v: "${not.a.reference}", w: "%{if}" } }], "../stacks/c")).toBe(
    'override_data {\n  target = module.a.data.x.y\n  values = {"v":"$${not.a.reference}","w":"%%{if}"}\n}\n\nrun "plan" {\n  command = plan\n  module {\n    source = "../stacks/c"\n  }\n}\n',
  );
});

it("reads each diagnostic once from terraform test -json, naming its stack", () => {
  const diagnostic = (extra: object) => JSON.stringify({ type: "diagnostic", "@testfile": "platform.tftest.hcl", diagnostic: { severity: "error", summary: "Bad", ...extra } });
  const stdout = [
    '{"type":"test_summary"}',
    diagnostic({ address: "module.dev-data.aws_sqs_queue.q" }),
    diagnostic({ address: "module.dev-data.aws_sqs_queue.q" }),
    diagnostic({ range: { filename: "../stacks/prod-edge/cdk.tf.json" } }),
    JSON.stringify({ type: "diagnostic", "@testfile": "isolated-canary.tftest.hcl", diagnostic: { severity: "warning", summary: "W" } }),
    "not json",
  ].join("\n");
  expect(parseTestOutput(stdout)).toEqual([
    { severity: "error", summary: "Bad", module: "dev-data", address: "module.dev-data.aws_sqs_queue.q" },
    { severity: "error", summary: "Bad", module: "prod-edge" },
    { severity: "warning", summary: "W", module: "canary" },
  ]);
});
