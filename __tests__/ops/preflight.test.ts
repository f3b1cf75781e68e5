import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeImagesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { ListHostedZonesByNameCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import type { Env } from "../../config/load";
import { Names } from "../../config/names";
import type { EnvironmentConfig, ProfileConfig, ProfileName } from "../../config/types";
import type { Caller } from "../../lib/aws-credentials";
import { checkAccount, type Clients } from "../../lib/preflight/checks";
import { hostOf, reservedDomainOf } from "../../lib/preflight/reserved";
import { main, parsePreflightArgs, PreflightError } from "../../scripts/preflight";
import { configFor } from "../support/synth";
import { runScript } from "./run-script";

const ACCOUNT = "123456789012";
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "test" };
const clients: Clients = {
  sts: () => new STSClient({ region: "us-east-1", credentials }),
  s3: (region) => new S3Client({ region, credentials }),
  dynamodb: (region) => new DynamoDBClient({ region, credentials }),
  route53: () => new Route53Client({ region: "us-east-1", credentials }),
  ecr: (region) => new ECRClient({ region, credentials }),
  secretsManager: (region) => new SecretsManagerClient({ region, credentials }),
  sns: (region) => new SNSClient({ region, credentials }),
};

const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
const dynamodb = mockClient(DynamoDBClient);
const route53 = mockClient(Route53Client);
const ecr = mockClient(ECRClient);
const secrets = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);

const awsError = (name: string, status = 400) => Object.assign(new Error(`${name} (mocked)`), { name, $metadata: { httpStatusCode: status } });

/** A healthy account: every check passes. */
function healthy(zone = "payments.acme.io") {
  for (const mock of [sts, s3, dynamodb, route53, ecr, secrets, sns]) mock.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci` });
  s3.on(HeadBucketCommand).resolves({});
  s3.on(GetBucketVersioningCommand).resolves({ Status: "Enabled" });
  s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }] } });
  s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: "ACTIVE", KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }] } });
  route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [{ Id: "/hostedzone/Z123", Name: `${zone}.`, CallerReference: "x", Config: { PrivateZone: false } }] });
  ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageTags: ["1.0.0"] }] });
  secrets.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: ["AWSCURRENT"] } });
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: "1", SubscriptionsPending: "0" } });
}

/** prod with its placeholder domain and address replaced by real-looking ones. */
const realProd = (p: ProfileConfig): ProfileConfig => ({
  ...p,
  alarms: { ...p.alarms, notificationEmails: ["oncall@acme.io"] },
  edge: { ...p.edge, domain: { hostedZone: "payments.acme.io", appDomain: "app.payments.acme.io", apiDomain: "api.payments.acme.io" } },
});

async function preflight(args: string[], env: Env, edit?: (p: ProfileConfig) => ProfileConfig, profile: ProfileName = "prod") {
  const lines: string[] = [];
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  const envWithProfile = { ENVIRONMENT: profile, ...env };
  // main loads the config itself; a profile edit goes through the same loader as configFor.
  const config = edit ? configFor(profile, env, edit) : undefined;
  const code = config ? await mainWith(args, config, lines) : await main(args, envWithProfile, clients, (l) => lines.push(l));
  const errors = stderr.mock.calls.map(([c]) => String(c));
  stderr.mockRestore();
  return { code, lines, errors, line: (name: string) => lines.find((l) => l.includes(` ${name}: `)) };
}

/** main() with an edited profile: the checks themselves, as main runs them. */
async function mainWith(args: string[], config: EnvironmentConfig, lines: string[]) {
  const { runChecks, formatResult } = await import("../../scripts/preflight");
  const { preflightCaller } = await import("../../lib/preflight/checks");
  const results = await runChecks(config, parsePreflightArgs(args), clients, await preflightCaller(clients));
  results.forEach((r) => lines.push(formatResult(r)));
  return results.some((r) => !r.ok) ? 1 : 0;
}

describe("preflight arguments", () => {
  it("defaults to every platform stack and refuses an unknown one in one line", () => {
    expect(parsePreflightArgs([])).toEqual(["network", "data", "compute", "edge"]);
    expect(parsePreflightArgs(["compute", "edge"])).toEqual(["compute", "edge"]);
    expect(() => parsePreflightArgs(["bootstrap"])).toThrow(new PreflightError('unknown stack "bootstrap"; choose from network, data, compute, edge (none = all); usage: npm run preflight -- [stack...]'));
  });
});

describe("reserved names", () => {
  it.each([
    ["payments.example.com", "example.com"],
    ["example.net", "example.net"],
    ["a.b.example.org", "example.org"],
    ["shop.example", "*.example"],
    ["api.test", "*.test"],
    ["x.invalid", "*.invalid"],
    ["app.localhost", "*.localhost"],
  ])("%s is reserved (%s)", (host, reserved) => expect(reservedDomainOf(host)).toBe(reserved));

  it.each(["payments.acme.io", "example.com.acme.io", "testing.dev", "myexample.com"])("%s is usable", (host) => expect(reservedDomainOf(host)).toBeUndefined());

  it("takes the host of an address or URL", () => {
    expect(hostOf("oncall@payments.example.com")).toBe("payments.example.com");
    expect(hostOf("https://events.pagerduty.com/integration/x/enqueue")).toBe("events.pagerduty.com");
  });
});

describe("preflight checks, each both ways", () => {
  beforeEach(() => healthy());

  it("passes on a healthy account, one line per check, and exits 0", async () => {
    const { code, lines } = await preflight([], { ACCOUNT_ID: ACCOUNT }, realProd);
    expect(lines.filter((l) => l.startsWith("FAILED"))).toEqual([]);
    const services = configFor("prod").compute.services;
    expect(lines.map((l) => l.split(":")[0])).toEqual([
      "ok      account",
      "ok      state bucket",
      "ok      state bucket versioning",
      "ok      state bucket encryption",
      "ok      state bucket public access",
      "ok      lock table",
      "ok      domain",
      "ok      hosted zone",
      "ok      alarm targets",
      ...services.map((s) => `ok      image ${s.name}`),
      "ok      api keys secret",
      "ok      alarm subscription",
    ]);
    expect(code).toBe(0);
  });

  it("account: wrong credentials fail with the command that fixes them", () => {
    const caller: Caller = { accountId: "999999999999", arn: "arn:aws:iam::999999999999:user/x", partition: "aws" };
    const result = checkAccount(configFor("prod", { ACCOUNT_ID: ACCOUNT }), caller);
    expect(result).toMatchObject({ ok: false, detail: expect.stringContaining(`prod deploys to ${ACCOUNT}`), fix: expect.stringContaining(`credentials for account ${ACCOUNT}`) });
  });

  it("account: a protected profile without a known account fails; an unprotected one passes", () => {
    const caller: Caller = { accountId: ACCOUNT, arn: "arn", partition: "aws" };
    expect(checkAccount(configFor("prod"), caller)).toMatchObject({ ok: false, fix: expect.stringContaining("ACCOUNT_ID=") });
    expect(checkAccount(configFor("dev"), caller)).toMatchObject({ ok: true, detail: expect.stringContaining("names no account") });
  });

  it("no credentials: one line on stderr, nothing on stdout, exit 1", async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError("CredentialsProviderError"));
    const { code, lines, errors } = await preflight([], {});
    expect(code).toBe(1);
    expect(lines).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/^preflight: no usable AWS credentials \(CredentialsProviderError: .*nothing was checked\n$/)]);
  });

  it("state bucket: missing", async () => {
    s3.on(HeadBucketCommand).rejects(awsError("NotFound", 404));
    const { code, line } = await preflight(["network"], { ACCOUNT_ID: ACCOUNT }, realProd);
    expect(line("state bucket")).toMatch(/^FAILED {2}state bucket: s3:\/\/payment-platform-tfstate does not exist in us-east-1; fix: ENVIRONMENT=prod npx cdktf deploy bootstrap/);
    expect(code).toBe(1);
  });

  it("state bucket: not versioned, not encrypted, public access open", async () => {
    s3.on(GetBucketVersioningCommand).resolves({ Status: "Suspended" });
    s3.on(GetBucketEncryptionCommand).rejects(awsError("ServerSideEncryptionConfigurationNotFoundError", 404));
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true } });
    const { line } = await preflight(["network"], { ACCOUNT_ID: ACCOUNT }, realProd);
    expect(line("state bucket versioning")).toMatch(/^FAILED .*is Suspended; fix: aws s3api put-bucket-versioning --bucket payment-platform-tfstate --versioning-configuration Status=Enabled$/);
    expect(line("state bucket encryption")).toMatch(/^FAILED .*has no default encryption; fix: aws s3api put-bucket-encryption/);
    expect(line("state bucket public access")).toMatch(/^FAILED .*not blocked: BlockPublicPolicy off; fix: aws s3api put-public-access-block/);
  });

  it("state bucket: no public access block at all", async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(awsError("NoSuchPublicAccessBlockConfiguration", 404));
    const { line } = await preflight(["network"], { ACCOUNT_ID: ACCOUNT }, realProd);
    expect(line("state bucket public access")).toMatch(/^FAILED .*has no public access block/);
  });

  it("lock table: missing, or keyed on something else", async () => {
    dynamodb.on(DescribeTableCommand).rejects(awsError("ResourceNotFoundException"));
    expect((await preflight(["network"], { ACCOUNT_ID: ACCOUNT }, realProd)).line("lock table")).toMatch(/^FAILED {2}lock table: payment-platform-tflock does not exist in us-east-1; fix: .*deploy bootstrap/);
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: "ACTIVE", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] } });
    expect((await preflight(["network"], { ACCOUNT_ID: ACCOUNT }, realProd)).line("lock table")).toMatch(/^FAILED .*has hash key id, Terraform locks on LockID/);
  });

  it("domain: the shipped placeholder example.com is refused", async () => {
    const { line, code } = await preflight(["edge"], { ACCOUNT_ID: ACCOUNT });
    expect(line("domain")).toMatch(/^FAILED {2}domain: payments.example.com is under the reserved name example.com, never a real zone; fix: edit edge.domain in config\/profiles\/prod.ts/);
    expect(code).toBe(1);
  });

  it("hosted zone: missing, or only a private zone of that name", async () => {
    route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [{ Id: "/hostedzone/Z9", Name: "payments.acme.io.", CallerReference: "x", Config: { PrivateZone: true } }] });
    const { line } = await preflight(["edge"], { ACCOUNT_ID: ACCOUNT }, realProd);
    expect(line("hosted zone")).toMatch(/^FAILED {2}hosted zone: no public hosted zone payments.acme.io in this account; fix: aws route53 create-hosted-zone --name payments.acme.io/);
  });

  it("alarm targets: the shipped placeholder address is refused", async () => {
    const { line } = await preflight(["compute"], { ACCOUNT_ID: ACCOUNT }, (p) => ({ ...realProd(p), alarms: p.alarms }));
    expect(line("alarm targets")).toMatch(/^FAILED {2}alarm targets: payments-oncall@payments.example.com is under the reserved name example.com: alarms would reach nobody/);
  });

  it("images: a tag or digest that was never pushed, a repository that does not exist", async () => {
    const digest = `sha256:${"0f".repeat(32)}`;
    const [first, second] = configFor("prod").compute.services.map((s) => Names.main("prod").repository(s.name));
    ecr.on(DescribeImagesCommand, { repositoryName: first }).rejects(awsError("ImageNotFoundException"));
    ecr.on(DescribeImagesCommand, { repositoryName: second }).rejects(awsError("RepositoryNotFoundException"));
    const { lines } = await preflight(["compute"], { ACCOUNT_ID: ACCOUNT, IMAGE_TAG: digest }, realProd);
    expect(lines).toContainEqual(`FAILED  image api-gateway: ${first}@${digest} is not in us-east-1; fix: docker push ${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${first}@${digest} (help/deploy.md), or set IMAGE_TAG to a pushed tag`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^FAILED  image payment-processor: repository ${second} does not exist in us-east-1`)));
    expect(ecr.commandCalls(DescribeImagesCommand)[0].args[0].input.imageIds).toEqual([{ imageDigest: digest }]);
  });

  it("images: a copy that shares another profile's repositories is checked there", async () => {
    const edit = (p: ProfileConfig): ProfileConfig => ({ ...p, compute: { ...p.compute, ecrShareFrom: "staging" } });
    await preflight(["compute"], {}, edit, "dev");
    const repositories = ecr.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input.repositoryName);
    expect(repositories).toEqual(configFor("dev").compute.services.map((s) => `payment-${s.name}-staging`));
  });

  it("api keys secret: no current value, or not created yet", async () => {
    secrets.on(DescribeSecretCommand).resolves({ VersionIdsToStages: {} });
    expect((await preflight(["compute"], { ACCOUNT_ID: ACCOUNT }, realProd)).line("api keys secret")).toMatch(/^FAILED {2}api keys secret: payment-api-keys-prod has no value yet.*fix: aws secretsmanager put-secret-value --region us-east-1 --secret-id payment-api-keys-prod/);
    secrets.on(DescribeSecretCommand).rejects(awsError("ResourceNotFoundException"));
    expect((await preflight(["compute"], { ACCOUNT_ID: ACCOUNT }, realProd)).line("api keys secret")).toMatch(/does not exist in us-east-1; fix: ENVIRONMENT=prod npx cdktf deploy network data/);
  });

  it("alarm subscription: none confirmed fails; a topic not created yet passes", async () => {
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: "0", SubscriptionsPending: "1" } });
    const { line } = await preflight([], { ACCOUNT_ID: ACCOUNT }, realProd);
    expect(line("alarm subscription")).toMatch(/^FAILED {2}alarm subscription: no confirmed subscription on arn:aws:sns:us-east-1:123456789012:payment-alarms-prod \(1 pending\)/);
    sns.on(GetTopicAttributesCommand).rejects(awsError("NotFoundException", 404));
    expect((await preflight([], { ACCOUNT_ID: ACCOUNT }, realProd)).line("alarm subscription")).toMatch(/^ok {6}alarm subscription: topic not created yet/);
  });

  it("only protected profiles check the subscription; only compute checks images and the secret", async () => {
    const { lines } = await preflight(["network"], {}, undefined, "dev");
    expect(lines.some((l) => /image|api keys|alarm subscription|domain/.test(l))).toBe(false);
  });

  it("an unexpected AWS error fails its check in one line instead of throwing", async () => {
    dynamodb.on(DescribeTableCommand).rejects(awsError("AccessDeniedException", 403));
    const { line, code } = await preflight(["network"], { ACCOUNT_ID: ACCOUNT }, realProd);
    expect(line("lock table")).toMatch(/^FAILED {2}lock table: could not be checked: AccessDeniedException: AccessDeniedException \(mocked\); fix: grant/);
    expect(code).toBe(1);
  });

  it("main prints a header and a summary around the checks", async () => {
    const { lines, code } = await preflight(["network"], { ACCOUNT_ID: ACCOUNT });
    expect(lines[0]).toBe("preflight: prod/prod in us-east-1, before deploying network");
    expect(lines.at(-1)).toMatch(/^preflight: all \d+ checks ok$/);
    expect(code).toBe(0);
  });
});

describe("npm run preflight as a command", () => {
  it("fails with one clear line when there are no credentials", async () => {
    const { code, stdout, stderr } = await runScript("preflight", [], { ENVIRONMENT: "prod" });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^preflight: no usable AWS credentials \(CredentialsProviderError: [^\n]*\); sign in first[^\n]*\n$/);
  }, 30_000);
});
