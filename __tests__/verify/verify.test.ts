import { CloudFrontClient, GetDistributionCommand } from "@aws-sdk/client-cloudfront";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeDBClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { GetWebACLForResourceCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { mockClient } from "aws-sdk-client-mock";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../config/load";
import { Names } from "../../config/names";
import { formatCheck } from "../../lib/verify/check";
import { SECURITY_HEADERS, type Fetch } from "../../lib/verify/http";
import type { CommandRunner } from "../../lib/release/commands";
import { parseVerifyArgs, readOutputs, verify, VerifyError, type VerifyDeps } from "../../lib/verify/verify";
import { tmpDir } from "../ops/run-script";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CheckResult } from "../../lib/verify/check";
import { main } from "../../scripts/verify";

const config = loadConfig({ env: { ENVIRONMENT: "staging" } });
const names = Names.for(config);
const services = config.compute.services.map((s) => names.of(s.name));
const fronted = config.compute.services.filter((s) => s.albPathPatterns);

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const cloudwatch = mockClient(CloudWatchClient);
const rds = mockClient(RDSClient);
const wafv2 = mockClient(WAFV2Client);
const cloudfront = mockClient(CloudFrontClient);
const sts = mockClient(STSClient);

const TOPIC = "arn:aws:sns:us-west-2:123456789012:payment-alarms-staging";
const CF_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/payment-cloudfront-staging/1";
const ALB_ACL = "arn:aws:wafv2:us-west-2:123456789012:regional/webacl/payment-alb-staging/2";
const ALB_ARN = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/payment-alb-staging/abc";

/** Stands in for CloudFront (the SPA, the API, security headers) and for the ALB (404 without the origin header). */
let cdn: http.Server;
let alb: http.Server;
let headers = true;
let albStatus = 404;
const port = (s: http.Server) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  cdn = http.createServer((req, res) => {
    if (headers) for (const h of SECURITY_HEADERS) res.setHeader(h, "set");
    if (req.url === "/api/health") res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    else res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><div id=root></div>");
  });
  alb = http.createServer((_, res) => res.writeHead(albStatus).end());
  await Promise.all([cdn, alb].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
});
afterAll(async () => {
  await Promise.all([cdn, alb].map((s) => new Promise((r) => s.close(r))));
});

/** Real HTTP to the local servers: the environment's hosts map to 127.0.0.1. */
const localFetch: Fetch = (url, init) =>
  fetch(url.replace("https://d111.cloudfront.net", `http://127.0.0.1:${port(cdn)}`).replace("http://payment-alb-staging.elb.amazonaws.com", `http://127.0.0.1:${port(alb)}`), init);

const outputs: Record<string, Record<string, unknown>> = {
  network: { vpc_id: "vpc-1" },
  data: { database_cluster_endpoint: "payment-db-staging.cluster-x.us-west-2.rds.amazonaws.com" },
  compute: { ecs_cluster_name: names.of("cluster"), service_names: services, alarm_topic_arn: TOPIC, alb_url: "http://payment-alb-staging.elb.amazonaws.com" },
  edge: { cloudfront_url: "https://d111.cloudfront.net", cloudfront_distribution_id: "E1", cloudfront_web_acl_arn: CF_ACL, alb_web_acl_arn: ALB_ACL },
};

function deps(over: Partial<VerifyDeps> = {}): VerifyDeps {
  return {
    clients: {
      sts: new STSClient({}),
      ecs: new ECSClient({}),
      elb: new ElasticLoadBalancingV2Client({}),
      cloudwatch: new CloudWatchClient({}),
      rds: new RDSClient({}),
      wafv2: new WAFV2Client({}),
      cloudfront: new CloudFrontClient({}),
    },
    fetch: localFetch,
    outputs: (stack) => outputs[stack],
    ...over,
  };
}

function healthy() {
  ecs.on(DescribeServicesCommand).callsFake(({ services: asked }: { services: string[] }) => ({
    services: asked.map((serviceName) => ({ serviceName, status: "ACTIVE", runningCount: 2, desiredCount: 2, deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED" }] })),
  }));
  elb.on(DescribeTargetGroupsCommand).callsFake(({ Names }: { Names: string[] }) => ({ TargetGroups: Names.map((n) => ({ TargetGroupArn: `arn:tg/${n}` })) }));
  // Blue/green: the live group has the targets, the idle one none.
  elb.on(DescribeTargetHealthCommand).callsFake(({ TargetGroupArn }: { TargetGroupArn: string }) => ({
    TargetHealthDescriptions: TargetGroupArn.endsWith("-alt-staging") ? [] : [{ TargetHealth: { State: "healthy" } }, { TargetHealth: { State: "healthy" } }],
  }));
  elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: ALB_ARN }] });
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      ...config.compute.services.map((s) => ({ AlarmName: names.of(`${s.name}-running-tasks`), StateValue: "OK" as const, AlarmActions: [TOPIC] })),
      { AlarmName: "someone-elses", StateValue: "ALARM" as const, AlarmActions: ["arn:aws:sns:us-west-2:123456789012:other"] },
    ],
  });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: "available", IAMDatabaseAuthenticationEnabled: true }] });
  cloudfront.on(GetDistributionCommand).resolves({ Distribution: { DistributionConfig: { WebACLId: CF_ACL } } as any });
  wafv2.on(GetWebACLForResourceCommand, { ResourceArn: ALB_ARN }).resolves({ WebACL: { ARN: ALB_ACL } as any });
}

const failures = (results: CheckResult[]) => results.filter((r) => !r.ok).map(formatCheck);

beforeEach(() => {
  [ecs, elb, cloudwatch, rds, wafv2, cloudfront, sts].forEach((m) => m.reset());
  sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:sts::123456789012:assumed-role/payment-github-deploy-staging/ci" });
  headers = true;
  albStatus = 404;
});

describe("npm run verify", () => {
  it("passes a healthy environment with one line per check", async () => {
    healthy();
    const results = await verify(config, parseVerifyArgs([]), deps());
    expect(failures(results)).toEqual([]);
    expect(results.map((r) => `${r.stack}: ${r.name}`)).toEqual([
      "network: outputs",
      `data: Aurora cluster ${names.of("db")}`,
      ...services.map((s) => `compute: ECS service ${s}`),
      ...fronted.map((s) => `compute: ALB targets of ${s.name}`),
      "compute: ALB refuses requests without the origin header",
      "compute: alarms",
      "edge: SPA",
      "edge: SPA route",
      "edge: API health through CloudFront",
      "edge: CloudFront web ACL associated",
      "edge: ALB web ACL associated",
    ]);
    expect(formatCheck(results.find((r) => r.name === "alarms")!)).toBe(`ok   compute: alarms: ${services.length} alarms, none in ALARM`);
    expect(results.find((r) => r.name === "SPA")!.detail).toBe("https://d111.cloudfront.net/: 200 text/html, security headers present");
  });

  it("fails each broken thing on its own line", async () => {
    healthy();
    ecs.on(DescribeServicesCommand).callsFake(({ services: asked }: { services: string[] }) => ({
      services: asked.map((serviceName, i) => ({ serviceName, status: "ACTIVE", runningCount: i === 0 ? 1 : 2, desiredCount: 2, deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED" }] })),
    }));
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: "unhealthy" } }] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: names.of(`${config.compute.services[0].name}-running-tasks`), StateValue: "ALARM", AlarmActions: [TOPIC] }] });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: "available", IAMDatabaseAuthenticationEnabled: false }] });
    cloudfront.on(GetDistributionCommand).resolves({ Distribution: { DistributionConfig: { WebACLId: "" } } as any });
    wafv2.on(GetWebACLForResourceCommand).resolves({});
    headers = false;
    albStatus = 200;
    const lines = failures(await verify(config, parseVerifyArgs([]), deps()));
    expect(lines).toEqual(
      expect.arrayContaining([
        `FAIL data: Aurora cluster ${names.of("db")}: available, IAM auth off`,
        `FAIL compute: ECS service ${services[0]}: 1/2 running`,
        `FAIL compute: ALB targets of ${fronted[0].name}: 0 healthy, ${config.compute.blueGreen ? 2 : 1} unhealthy in ${names.targetGroup(fronted[0].name)}${config.compute.blueGreen ? `, ${names.targetGroup(fronted[0].name, true)}` : ""}`,
        `FAIL compute: ALB refuses requests without the origin header: http://payment-alb-staging.elb.amazonaws.com/api/health: 200, served without the origin header`,
        expect.stringMatching(/^FAIL compute: alarms: missing .*; in ALARM: payment-/),
        `FAIL edge: SPA: https://d111.cloudfront.net/: missing ${SECURITY_HEADERS.join(", ")}`,
        "FAIL edge: CloudFront web ACL associated: distribution has no web ACL",
        "FAIL edge: ALB web ACL associated: ALB has no web ACL",
      ]),
    );
    expect(lines).toHaveLength(1 + 1 + fronted.length + 1 + 1 + 3 + 2);
  });

  it("counts an ALB that does not even connect as refusing, and an AWS error as that check's failure", async () => {
    healthy();
    rds.on(DescribeDBClustersCommand).rejects(Object.assign(new Error("not authorized to perform rds:DescribeDBClusters"), { name: "AccessDenied" }));
    const closed = { ...outputs.compute, alb_url: "http://127.0.0.1:9" };
    const results = await verify(config, { stacks: ["data", "compute"], ifDeployed: false }, deps({ outputs: (s) => (s === "compute" ? closed : outputs[s]) }));
    expect(results.find((r) => r.name.startsWith("ALB refuses"))).toMatchObject({ ok: true, detail: expect.stringMatching(/no connection/) });
    expect(formatCheck(results[0])).toBe(`FAIL data: Aurora cluster ${names.of("db")}: AccessDenied: not authorized to perform rds:DescribeDBClusters`);
  });

  it("refuses a CloudFront URL that is not HTTPS and reports a stack without outputs", async () => {
    healthy();
    const results = await verify(config, { stacks: ["network", "edge"], ifDeployed: false }, deps({
      outputs: (s) => {
        if (s === "network") throw new Error("terraform output of network failed: no state");
        return { ...outputs.edge, cloudfront_url: "http://d111.cloudfront.net" };
      },
    }));
    expect(failures(results).slice(0, 2)).toEqual([
      "FAIL network: outputs: terraform output of network failed: no state",
      "FAIL edge: SPA: http://d111.cloudfront.net/ is not HTTPS",
    ]);
  });

  it("fails a stack that is not deployed, or skips it with --if-deployed (a release before edge's first deploy)", async () => {
    healthy();
    const none = deps({ outputs: (s) => (s === "edge" ? {} : outputs[s]) });
    expect(failures(await verify(config, parseVerifyArgs(["edge"]), none))).toEqual(["FAIL edge: outputs: none: the stack is not deployed"]);
    const skipped = await verify(config, parseVerifyArgs(["--if-deployed", "compute", "edge"]), none);
    expect(failures(skipped)).toEqual([]);
    expect(formatCheck(skipped[skipped.length - 1])).toBe("skip edge: outputs: none: the stack is not deployed yet, skipped");
  });

  it("checks its arguments and exits 1 when a check fails", async () => {
    expect(parseVerifyArgs(["edge", "network"])).toEqual({ stacks: ["network", "edge"], ifDeployed: false });
    expect(parseVerifyArgs(["--if-deployed"])).toEqual({ stacks: ["network", "data", "compute", "edge"], ifDeployed: true });
    expect(() => parseVerifyArgs(["dns"])).toThrow("unknown stack(s) dns; usage: npm run verify -- [--if-deployed] [stack...] (stacks: network, data, compute, edge; none = all)");
    expect(() => parseVerifyArgs(["--all"])).toThrow("unknown option(s) --all;");
    const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["dns"], { ENVIRONMENT: "staging" })).toBe(1);
      healthy();
      expect(await main(["network"], { ENVIRONMENT: "staging" }, deps())).toBe(0);
      expect(await main(["data"], { ENVIRONMENT: "staging" }, deps({ outputs: () => { throw new Error("x"); } }))).toBe(1);
      expect(out.mock.calls.map((c) => String(c[0]))).toEqual([
        "ok   network: outputs: VPC vpc-1\n",
        "verify: 1/1 checks passed in staging/staging\n",
        "FAIL data: outputs: x\n",
        "verify: 0/1 checks passed in staging/staging\n",
      ]);
      expect(err.mock.calls.map((c) => String(c[0]))[0]).toMatch(/^verify: unknown stack\(s\) dns/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it("stops with one line before any check when the credentials do not work", async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("Could not load credentials from any providers\nmore"), { name: "CredentialsProviderError" }));
    const outputs = jest.fn();
    const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["network"], { ENVIRONMENT: "staging" }, deps({ outputs }))).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0]))).toEqual([
        "verify: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); sign in first (aws sso login, or the CI role), nothing was checked\n",
      ]);
      expect(out).not.toHaveBeenCalled();
      expect(outputs).not.toHaveBeenCalled();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});

describe("stack outputs", () => {
  const outdir = tmpDir("verify-outputs");
  fs.mkdirSync(path.join(outdir, "stacks", "compute"), { recursive: true });
  fs.writeFileSync(path.join(outdir, "stacks", "compute", "cdk.tf.json"), "{}");
  const env = { CDKTF_OUTDIR: outdir };

  it("reads terraform output -json of the synthesized stack folder as plain values", () => {
    const calls: string[] = [];
    const run: CommandRunner = (program, args, { cwd }) => {
      calls.push(`${program} ${args.join(" ")} @${path.relative(outdir, cwd)}`);
      return { status: 0, stdout: args[0] === "output" ? JSON.stringify({ alb_url: { sensitive: false, type: "string", value: "https://api" } }) : "", stderr: "" };
    };
    expect(readOutputs("compute", env, run)).toEqual({ alb_url: "https://api" });
    expect(calls).toEqual(["terraform init -input=false -no-color @stacks/compute", "terraform output -json @stacks/compute"]);
  });

  it("says what went wrong in one line", () => {
    const failing: CommandRunner = () => ({ status: 1, stdout: "", stderr: "Error: Failed to get existing workspaces\nS3 bucket does not exist." });
    expect(() => readOutputs("compute", env, failing)).toThrow("terraform init of compute failed: S3 bucket does not exist.");
    expect(() => readOutputs("edge", env, failing)).toThrow(VerifyError);
    expect(() => readOutputs("edge", env, failing)).toThrow("edge is not synthesized; run npm run synth first");
  });
});
