import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { BatchGetImageCommand, ECRClient, PutImageCommand } from "@aws-sdk/client-ecr";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, type Service } from "@aws-sdk/client-ecs";
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { imageReference, releasedImageTag } from "../../config/images";
import { loadConfig } from "../../config/load";
import { Names, releasedTagsPath } from "../../config/names";
import { capacityStrategy } from "../../constructs/compute/cluster";
import { ecsAppSpec } from "../../lib/release/appspec";
import type { CommandRunner } from "../../lib/release/commands";
import { imageRepositories } from "../../lib/image-repositories";
import { keepReleasedImages } from "../../lib/release/keep-released-images";
import { isBlueGreen, parseReleaseArgs, release, type ReleaseDeps } from "../../lib/release/release";
import { main as releasedTagsMain } from "../../scripts/released-tags";
import { main as releaseMain } from "../../scripts/release";

const ssm = mockClient(SSMClient);
const ecs = mockClient(ECSClient);
const codedeploy = mockClient(CodeDeployClient);
const ecr = mockClient(ECRClient);

const ACCOUNT = "123456789012";
const staging = loadConfig({ env: { ENVIRONMENT: "staging" } });
const names = Names.for(staging);
const SERVICES = staging.compute.services.map((s) => s.name);
const blueGreen = staging.compute.services.filter((s) => isBlueGreen(staging, s)).map((s) => s.name);
const rolling = SERVICES.filter((s) => !blueGreen.includes(s));
const taskDefArn = (service: string, revision: number) => `arn:aws:ecs:${staging.region}:${ACCOUNT}:task-definition/${names.of(service)}:${revision}`;

const taskDefinitionPlan = JSON.stringify({ format_version: "1.2", planned_values: {}, resource_changes: [{ address: "aws_ecs_task_definition.x", type: "aws_ecs_task_definition", change: { actions: ["delete", "create"] } }] });

interface Call {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly imageTags?: string;
}

function recorder(plan = taskDefinitionPlan, fail?: (c: Call) => boolean) {
  const calls: Call[] = [];
  const run: CommandRunner = (program, args, { cwd, env }) => {
    const call = { program, args, cwd, imageTags: env.IMAGE_TAGS };
    calls.push(call);
    if (fail?.(call)) return { status: 1, stdout: "", stderr: "boom" };
    return { status: 0, stdout: args[0] === "show" ? plan : "", stderr: "" };
  };
  return { calls, run };
}

/** ECS answers: the latest revision runs `tag`; rolling services are steady on it; blue/green ones on `running` until CodeDeploy succeeded. */
function mockEcs(tag: string, opts: { rolledBack?: string } = {}) {
  let deployed = false;
  ecs.on(DescribeTaskDefinitionCommand).callsFake(({ taskDefinition }: { taskDefinition: string }) => {
    const service = SERVICES.find((s) => names.of(s) === taskDefinition)!;
    return { taskDefinition: { taskDefinitionArn: taskDefArn(service, 8), containerDefinitions: [{ name: service, image: imageReference(`${ACCOUNT}.dkr.ecr.${staging.region}.amazonaws.com/${names.of(service)}`, tag) }] } };
  });
  ecs.on(DescribeServicesCommand).callsFake(({ services }: { services: string[] }) => {
    const service = SERVICES.find((s) => names.of(s) === services[0])!;
    const revision = opts.rolledBack === service ? 7 : 8;
    const answer: Service = blueGreen.includes(service)
      ? {
          status: "ACTIVE",
          deploymentController: { type: "CODE_DEPLOY" },
          taskDefinition: taskDefArn(service, deployed ? 8 : 7),
          taskSets: [{ status: "PRIMARY", taskDefinition: taskDefArn(service, deployed ? 8 : 7), runningCount: 3, computedDesiredCount: 3 }],
        }
      : {
          status: "ACTIVE",
          deploymentController: { type: "ECS" },
          runningCount: 2,
          desiredCount: 2,
          deployments: [{ status: "PRIMARY", taskDefinition: taskDefArn(service, revision), rolloutState: "COMPLETED" }],
        };
    return { services: [answer] };
  });
  return { markDeployed: () => (deployed = true) };
}

function deps(run: CommandRunner, env: NodeJS.ProcessEnv = { ENVIRONMENT: "staging" }): ReleaseDeps & { lines: string[] } {
  const lines: string[] = [];
  return {
    env,
    ssm: new SSMClient({ region: staging.region }),
    ecs: new ECSClient({ region: staging.region }),
    codedeploy: new CodeDeployClient({ region: staging.region }),
    ecr: new ECRClient({ region: staging.region }),
    run,
    log: (l) => lines.push(l),
    sleep: async () => undefined,
    pollSeconds: 0,
    timeoutMinutes: 1,
    lines,
  };
}

const recorded = (tags: Record<string, string>) => ({
  Parameters: Object.entries(tags).map(([s, v]) => ({ Name: `${releasedTagsPath("staging", "staging")}${s}`, Value: v })),
});

/** Each service's image in ECR: an OCI manifest (it has no mediaType field, so PutImage must be told) and its digest. */
const digestOf = (repository: string) => `sha256:${Buffer.from(repository).toString("hex").padEnd(64, "0").slice(0, 64)}`;
const OCI = "application/vnd.oci.image.manifest.v1+json";
const manifestOf = (repository: string) => JSON.stringify({ schemaVersion: 2, config: { digest: digestOf(repository) }, layers: [] });

beforeEach(() => {
  ssm.reset();
  ecs.reset();
  codedeploy.reset();
  ecr.reset();
  ssm.on(PutParameterCommand).resolves({ Version: 2 });
  ecr.on(BatchGetImageCommand).callsFake(({ repositoryName, imageIds }) => ({
    images: [{ repositoryName, imageId: { ...imageIds[0], imageDigest: digestOf(repositoryName) }, imageManifest: manifestOf(repositoryName), imageManifestMediaType: OCI }],
    failures: [],
  }));
  ecr.on(PutImageCommand).resolves({});
});

describe("AppSpec", () => {
  it("names the new revision, the container and port, and repeats the capacity provider strategy", () => {
    const appSpec = JSON.parse(
      ecsAppSpec({ taskDefinitionArn: taskDefArn("api-gateway", 9), containerName: "api-gateway", containerPort: 8080, capacityProviderStrategy: capacityStrategy(true) }),
    );
    expect(appSpec).toEqual({
      version: "0.0",
      Resources: [
        {
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: {
              TaskDefinition: taskDefArn("api-gateway", 9),
              LoadBalancerInfo: { ContainerName: "api-gateway", ContainerPort: 8080 },
              CapacityProviderStrategy: [
                { CapacityProvider: "FARGATE", Weight: 1, Base: 1 },
                { CapacityProvider: "FARGATE_SPOT", Weight: 1, Base: 0 },
              ],
            },
          },
        },
      ],
    });
  });

  it("refuses anything but a task definition revision ARN", () => {
    const input = { containerName: "a", containerPort: 1, capacityProviderStrategy: [] };
    expect(() => ecsAppSpec({ ...input, taskDefinitionArn: "payment-api-gateway-prod" })).toThrow(/not a task definition revision ARN/);
    expect(() => ecsAppSpec({ ...input, taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/x` })).toThrow();
  });
});

describe("release arguments", () => {
  it("takes a tag and optional services", () => {
    expect(parseReleaseArgs(["3f9c2ab", "api-gateway"])).toEqual({ tag: "3f9c2ab", services: ["api-gateway"] });
    expect(() => parseReleaseArgs([])).toThrow("no image tag; usage: npm run release -- <tag> [service...]");
    expect(() => parseReleaseArgs(["t", "--force"])).toThrow("unknown option --force");
    expect(() => parseReleaseArgs(["t", "a", "a"])).toThrow("service a named twice");
  });
});

describe("release", () => {
  it("has a blue/green and a rolling service in staging (the cases below need both)", () => {
    expect(blueGreen.length).toBeGreaterThan(0);
    expect(rolling.length).toBeGreaterThan(0);
  });

  it("runs preflight, synthesis and the guarded compute apply, deploys each blue/green service through CodeDeploy, then records the tag", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    const { markDeployed } = mockEcs("3f9c2ab");
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-ABC" });
    codedeploy
      .on(GetDeploymentCommand)
      .resolvesOnce({ deploymentInfo: { status: "InProgress" } })
      .callsFake(() => {
        markDeployed();
        return { deploymentInfo: { status: "Succeeded" } };
      });
    const { calls, run } = recorder();
    const taggedAfter: number[] = [];
    ecr.on(PutImageCommand).callsFake(() => {
      taggedAfter.push(calls.length);
      return {};
    });
    const d = deps(run);
    await release({ tag: "3f9c2ab", services: [] }, d);

    const every = JSON.stringify(Object.fromEntries(SERVICES.map((s) => [s, "3f9c2ab"])));
    expect(calls.map((c) => [c.program.endsWith("node") ? "node" : c.program, c.args[0] === "run" ? c.args.slice(0, 5).join(" ") : c.args[0]])).toEqual([
      ["npm", "run -s preflight -- compute"],
      ["node", "--import"],
      ["terraform", "init"],
      ["terraform", "plan"],
      ["terraform", "show"],
      ["terraform", "apply"],
    ]);
    expect(calls.every((c) => c.imageTags === every)).toBe(true);
    expect(calls.find((c) => c.args[0] === "plan")!.cwd).toMatch(/cdktf\.out\/stacks\/compute$/);
    expect(calls.find((c) => c.args[0] === "apply")!.args).toEqual(["apply", "-input=false", "-no-color", "guarded.tfplan"]);

    const created = codedeploy.commandCalls(CreateDeploymentCommand).map((c) => c.args[0].input);
    expect(created).toHaveLength(blueGreen.length);
    for (const [i, service] of blueGreen.entries()) {
      const config = staging.compute.services.find((s) => s.name === service)!;
      expect(created[i]).toMatchObject({ applicationName: names.of(service), deploymentGroupName: names.of(service) });
      expect(created[i].revision).toEqual({
        revisionType: "AppSpecContent",
        appSpecContent: {
          content: ecsAppSpec({
            taskDefinitionArn: taskDefArn(service, 8),
            containerName: service,
            containerPort: config.containerPort,
            capacityProviderStrategy: capacityStrategy(staging.compute.fargateSpot),
          }),
        },
      });
    }
    // Every image got its released- tag, from its own manifest and media type, right after the preflight.
    const stored = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json", OCI];
    expect(ecr.commandCalls(BatchGetImageCommand).map((c) => c.args[0].input)).toEqual(
      SERVICES.map((s) => ({ repositoryName: names.repository(s), imageIds: [{ imageTag: "3f9c2ab" }], acceptedMediaTypes: expect.arrayContaining(stored) })),
    );
    expect(ecr.commandCalls(PutImageCommand).map((c) => c.args[0].input)).toEqual(
      SERVICES.map((s) => ({ repositoryName: names.repository(s), imageManifest: manifestOf(names.repository(s)), imageManifestMediaType: OCI, imageTag: releasedImageTag("staging", digestOf(names.repository(s))) })),
    );
    expect(taggedAfter).toEqual(SERVICES.map(() => 1));
    expect(d.lines).toContain(`${SERVICES[0]}: ${names.repository(SERVICES[0])}:3f9c2ab tagged ${releasedImageTag("staging", digestOf(names.repository(SERVICES[0])))}, kept while released`);

    const puts = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Name, p.Value, p.Type, p.Overwrite])).toEqual(SERVICES.map((s) => [`/payment/staging/staging/released-image-tags/${s}`, "3f9c2ab", "String", true]));
    expect(d.lines).toContain(`recorded 3f9c2ab for ${SERVICES.join(", ")} in staging/staging`);
  });

  it("keeps the recorded tag of every service it does not release", async () => {
    ssm.on(GetParametersByPathCommand).resolves(recorded(Object.fromEntries(SERVICES.map((s) => [s, "1.4.0"]))));
    mockEcs("1.5.0");
    const { calls, run } = recorder();
    await release({ tag: "1.5.0", services: [rolling[0]] }, deps(run));
    expect(JSON.parse(calls[0].imageTags!)).toEqual(Object.fromEntries(SERVICES.map((s) => [s, s === rolling[0] ? "1.5.0" : "1.4.0"])));
    expect(codedeploy.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
    expect(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input.Name)).toEqual([`/payment/staging/staging/released-image-tags/${rolling[0]}`]);
  });

  it("refuses a partial release while another service has no recorded tag", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    const { calls, run } = recorder();
    await expect(release({ tag: "1.5.0", services: [rolling[0]] }, deps(run))).rejects.toThrow(/no released tag in staging\/staging; release every service once first/);
    expect(calls).toEqual([]);
  });

  it("refuses an unknown service and a bad tag before changing anything", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    const { calls, run } = recorder();
    await expect(release({ tag: "1.0.0", services: ["billing"] }, deps(run))).rejects.toThrow(`unknown service(s) billing; configured: ${SERVICES.join(", ")}`);
    await expect(release({ tag: "latest", services: [] }, deps(run))).rejects.toThrow(/imageTag = "latest"/);
    expect(calls).toEqual([]);
  });

  it("stops when the preflight fails, and when the plan would replace a stateful resource", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    const failing = recorder(taskDefinitionPlan, (c) => c.program === "npm");
    await expect(release({ tag: "2.0.0", services: [] }, deps(failing.run))).rejects.toThrow("preflight failed; nothing was released");
    expect(failing.calls).toHaveLength(1);

    const destructive = JSON.stringify({ format_version: "1.2", planned_values: {}, resource_changes: [{ address: "aws_cloudwatch_log_group.logs", type: "aws_cloudwatch_log_group", action_reason: "replace_because_cannot_update", change: { actions: ["delete", "create"] } }] });
    const guarded = recorder(destructive);
    const d = deps(guarded.run);
    await expect(release({ tag: "2.0.0", services: [] }, d)).rejects.toThrow("the compute plan deletes or replaces 1 stateful resource(s); nothing was applied");
    expect(guarded.calls.map((c) => c.args[0])).not.toContain("apply");
    expect(d.lines).toContain("blocked aws_cloudwatch_log_group.logs: replace (delete, then create), replace_because_cannot_update");
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it("records nothing when CodeDeploy fails and rolls back", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    mockEcs("2.0.0");
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-FAIL" });
    codedeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: { status: "Stopped", errorInformation: { message: "alarm payment-api-gateway-5xx fired" }, rollbackInfo: { rollbackDeploymentId: "d-BACK" } },
    });
    await expect(release({ tag: "2.0.0", services: [] }, deps(recorder().run))).rejects.toThrow(
      `${blueGreen[0]}: CodeDeploy deployment d-FAIL stopped: alarm payment-api-gateway-5xx fired; rolled back by d-BACK; the tag was not recorded`,
    );
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it("records nothing when a rolling service's circuit breaker went back to the old revision", async () => {
    ssm.on(GetParametersByPathCommand).resolves(recorded(Object.fromEntries(SERVICES.map((s) => [s, "1.4.0"]))));
    mockEcs("2.0.0", { rolledBack: rolling[0] });
    await expect(release({ tag: "2.0.0", services: [rolling[0]] }, deps(recorder().run))).rejects.toThrow(
      `${rolling[0]} is not steady on ${taskDefArn(rolling[0], 8)}: primary deployment runs ${taskDefArn(rolling[0], 7)} (the circuit breaker rolled back?); the tag was not recorded`,
    );
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it("skips CodeDeploy for a service that already runs the new revision (a repeated release)", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    const { markDeployed } = mockEcs("2.0.0");
    markDeployed();
    const d = deps(recorder().run);
    await release({ tag: "2.0.0", services: [] }, d);
    expect(codedeploy.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
    expect(d.lines).toContain(`${blueGreen[0]}: already runs ${taskDefArn(blueGreen[0], 8)}`);
  });

  it("refuses to deploy a revision that does not run the tag", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    mockEcs("1.9.9");
    await expect(release({ tag: "2.0.0", services: [] }, deps(recorder().run))).rejects.toThrow(/runs .*:1\.9\.9, not 2\.0\.0/);
  });

  it("keeps a re-released image as it is, and finds a digest release by its digest", async () => {
    ssm.on(GetParametersByPathCommand).resolves(recorded(Object.fromEntries(SERVICES.map((s) => [s, "1.4.0"]))));
    const digest = digestOf(names.repository(rolling[0]));
    mockEcs(digest);
    ecr.on(PutImageCommand).rejects(Object.assign(new Error("Image with digest and tag already exists"), { name: "ImageAlreadyExistsException" }));
    const d = deps(recorder().run);
    await release({ tag: digest, services: [rolling[0]] }, d);
    expect(ecr.commandCalls(BatchGetImageCommand).map((c) => c.args[0].input.imageIds)).toEqual([[{ imageDigest: digest }]]);
    expect(d.lines).toContain(`${rolling[0]}: ${names.repository(rolling[0])}@${digest} already tagged ${releasedImageTag("staging", digest)}`);
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(1);
  });

  it("stops before any Terraform, in one line, when an image cannot be read or tagged", async () => {
    ssm.on(GetParametersByPathCommand).resolves({});
    ecr.on(BatchGetImageCommand).resolves({ images: [], failures: [{ imageId: { imageTag: "4.0.0" }, failureCode: "ImageNotFound", failureReason: "Requested image not found" }] });
    const missing = recorder();
    await expect(release({ tag: "4.0.0", services: [] }, deps(missing.run))).rejects.toThrow(
      `${names.repository(SERVICES[0])}:4.0.0 cannot be read in ${staging.region} (ImageNotFound: Requested image not found); push it first (help/release.md)`,
    );
    expect(missing.calls.map((c) => c.program)).toEqual(["npm"]);

    ecr.reset();
    ecr.on(BatchGetImageCommand).resolves({ images: [{ imageId: { imageTag: "4.0.0", imageDigest: digestOf("x") }, imageManifest: "{}" }] });
    ecr.on(PutImageCommand).rejects(Object.assign(new Error("not authorized to perform: ecr:PutImage"), { name: "AccessDeniedException" }));
    const denied = recorder();
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await releaseMain(["4.0.0"], { ENVIRONMENT: "staging" }, deps(denied.run))).toBe(1);
      expect(write.mock.calls.map((c) => c[0])).toEqual([
        `release: may not tag ${names.repository(SERVICES[0])} (ecr:PutImage): the caller must be the profile's deploy role as the ci stack defines it now (ENVIRONMENT=<profile> npx cdktf deploy ci, help/bootstrap.md)\n`,
      ]);
    } finally {
      write.mockRestore();
    }
    expect(denied.calls.map((c) => c.program)).toEqual(["npm"]);
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it("tags shared images in the owner's repositories and region, naming the environment that runs them", async () => {
    const shared = loadConfig({ env: { ENVIRONMENT: "dev", ENVIRONMENT_SUFFIX: "pr7", ECR_SHARE_FROM: "dev" } });
    const repositories = imageRepositories(shared);
    const owner = Names.main("dev");
    expect(repositories).toMatchObject({ owner: "dev", region: loadConfig({ env: { ENVIRONMENT: "dev" } }).region });
    const services = shared.compute.services.map((s) => s.name);
    const lines = await keepReleasedImages(new ECRClient({ region: repositories.region }), { repositories, services, suffix: shared.suffix, tag: "5.0.0" });
    expect(ecr.commandCalls(PutImageCommand).map((c) => [c.args[0].input.repositoryName, c.args[0].input.imageTag])).toEqual(
      services.map((s) => [owner.repository(s), releasedImageTag("pr7", digestOf(owner.repository(s)))]),
    );
    expect(lines).toHaveLength(services.length);
    expect(imageRepositories(staging)).toMatchObject({ owner: undefined, region: staging.region });
    expect(imageRepositories(staging).repository(SERVICES[0])).toBe(names.repository(SERVICES[0]));
  });

  it("prints one line and exits 1, without a stack trace, for argument, config and AWS errors", async () => {
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await releaseMain([], { ENVIRONMENT: "staging" })).toBe(1);
      expect(await releaseMain(["1.0.0"], { ENVIRONMENT: "qa" })).toBe(1);
      ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error("User is not authorized to perform: ssm:GetParametersByPath"), { name: "AccessDeniedException" }));
      expect(await releaseMain(["1.0.0"], { ENVIRONMENT: "staging" }, { ssm: new SSMClient({ region: "us-west-2" }), run: recorder().run })).toBe(1);
      ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error("Could not load credentials from any providers\nTried: env, sso, ini"), { name: "CredentialsProviderError" }));
      expect(await releaseMain(["1.0.0"], { ENVIRONMENT: "staging" }, { ssm: new SSMClient({ region: "us-west-2" }), run: recorder().run })).toBe(1);
      expect(write.mock.calls.map((c) => c[0])).toEqual([
        "release: no image tag; usage: npm run release -- <tag> [service...]\n",
        'release: invalid configuration: ENVIRONMENT = "qa": must be one of dev, staging, prod\n',
        "release: AccessDeniedException: User is not authorized to perform: ssm:GetParametersByPath\n",
        "release: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); sign in first (aws sso login, or the CI role)\n",
      ]);
    } finally {
      write.mockRestore();
    }
  });
});

describe("released-tags", () => {
  async function capture(argv: string[], env: NodeJS.ProcessEnv) {
    const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const code = await releasedTagsMain(argv, env, new SSMClient({ region: "eu-west-1" }));
      return { code, out: out.mock.calls.map((c) => String(c[0])).join(""), err: err.mock.calls.map((c) => String(c[0])).join("") };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it("prints IMAGE_TAGS from the environment's records, or from --from for a copy", async () => {
    const dev = loadConfig({ env: { ENVIRONMENT: "dev" } }).compute.services.map((s) => s.name);
    ssm.on(GetParametersByPathCommand, { Path: "/payment/dev/dev/released-image-tags/" }).resolves({
      Parameters: dev.map((s) => ({ Name: `/payment/dev/dev/released-image-tags/${s}`, Value: `v-${s}` })),
    });
    const r = await capture(["--from", "dev/dev"], { ENVIRONMENT: "dev", ENVIRONMENT_SUFFIX: "pr12" });
    expect(r).toEqual({ code: 0, out: `${JSON.stringify(Object.fromEntries(dev.map((s) => [s, `v-${s}`])))}\n`, err: "" });
    expect(loadConfig({ env: { ENVIRONMENT: "dev", IMAGE_TAGS: r.out } }).compute.services.map((s) => s.imageTag)).toEqual(dev.map((s) => `v-${s}`));
  });

  it("exits 3 and names each service without a record (before the first release)", async () => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: "/payment/dev/dev/released-image-tags/api-gateway", Value: "1.0.0" }] });
    const r = await capture([], { ENVIRONMENT: "dev" });
    expect(r.code).toBe(3);
    expect(r.out).toBe('{"api-gateway":"1.0.0"}\n');
    expect(r.err.trim().split("\n")).toHaveLength(SERVICES.length - 1);
  });

  it("checks its arguments", async () => {
    expect((await capture(["--from"], { ENVIRONMENT: "dev" })).err).toBe("released-tags: usage: npm run -s released-tags [-- --from <profile>/<suffix>]\n");
    expect((await capture(["--from", "qa/qa"], { ENVIRONMENT: "dev" })).err).toBe("released-tags: --from qa/qa: profile must be one of dev, staging, prod\n");
  });

  it("says in one line how to sign in when the credentials do not work, and prints no IMAGE_TAGS", async () => {
    ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredTokenException" }));
    expect(await capture([], { ENVIRONMENT: "dev" })).toEqual({
      code: 1,
      out: "",
      err: "released-tags: no usable AWS credentials (ExpiredTokenException: The security token included in the request is expired); sign in first (aws sso login, or the CI role)\n",
    });
  });
});
