import type { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import type { ECRClient } from "@aws-sdk/client-ecr";
import type { ECSClient } from "@aws-sdk/client-ecs";
import type { SSMClient } from "@aws-sdk/client-ssm";
import * as path from "node:path";
import { loadConfig } from "../../config/load";
import { Names } from "../../config/names";
import type { EnvironmentConfig, ServiceConfig } from "../../config/types";
import { capacityStrategy } from "../../constructs/compute/cluster";
import { imageRepositories } from "../image-repositories";
import { outdirOf, PROJECT_ROOT, stackDir } from "../ops-synth";
import { ecsAppSpec } from "./appspec";
import type { CommandRunner } from "./commands";
import { createBlueGreenDeployment, waitForDeployment } from "./codedeploy";
import { describeService, latestTaskDefinition, notSteady } from "./ecs";
import { guardedApply } from "./guarded-apply";
import { keepReleasedImages } from "./keep-released-images";
import { readReleasedTags, recordReleasedTags } from "./released-tags";

export class ReleaseError extends Error {}

export interface ReleaseRequest {
  readonly tag: string;
  /** Empty: every configured service. */
  readonly services: readonly string[];
}

export const RELEASE_USAGE = "usage: npm run release -- <tag> [service...]";

export function parseReleaseArgs(argv: readonly string[]): ReleaseRequest {
  const options = argv.filter((a) => a.startsWith("-"));
  if (options.length > 0) throw new ReleaseError(`unknown option ${options[0]}; ${RELEASE_USAGE}`);
  const [tag, ...services] = argv;
  if (!tag) throw new ReleaseError(`no image tag; ${RELEASE_USAGE}`);
  const duplicate = services.find((s, i) => services.indexOf(s) !== i);
  if (duplicate) throw new ReleaseError(`service ${duplicate} named twice`);
  return { tag, services };
}

export interface ReleaseDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly ssm: SSMClient;
  readonly ecs: ECSClient;
  readonly codedeploy: CodeDeployClient;
  /** ECR in the region of the environment's images (the owner's with compute.ecrShareFrom). */
  readonly ecr: ECRClient;
  readonly run: CommandRunner;
  readonly log: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pollSeconds?: number;
  readonly timeoutMinutes?: number;
}

/** Blue/green services are the ALB-fronted ones of a profile with compute.blueGreen (stacks/compute.ts). */
export function isBlueGreen(config: EnvironmentConfig, service: ServiceConfig): boolean {
  return config.compute.blueGreen && service.albPathPatterns !== undefined;
}

/** What a service runs: `repository:tag`, or `repository@sha256:...` for a digest. */
function imageRuns(image: string, tag: string): boolean {
  return image.endsWith(tag.startsWith("sha256:") ? `@${tag}` : `:${tag}`);
}

/**
 * Releases `tag` to some or all services of the selected environment: preflight, a
 * `released-` tag on each image so it outlives the repositories' count limit, Terraform (new
 * task definitions; rolling services roll), one CodeDeploy deployment per blue/green service,
 * then records the tag in Parameter Store once every released service is steady.
 */
export async function release(request: ReleaseRequest, deps: ReleaseDeps): Promise<void> {
  const { env, log } = deps;
  const current = loadConfig({ env });
  const known = current.compute.services.map((s) => s.name);
  const unknown = request.services.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new ReleaseError(`unknown service(s) ${unknown.join(", ")}; configured: ${known.join(", ")}`);
  const targets = request.services.length > 0 ? request.services : known;
  const environment = { profile: current.profile, suffix: current.suffix };
  const where = `${current.profile}/${current.suffix}`;

  // Every service not released now keeps what it runs: its recorded tag, never a default.
  const released = await readReleasedTags(deps.ssm, environment);
  const unrecorded = known.filter((s) => !targets.includes(s) && released[s] === undefined);
  if (unrecorded.length > 0) {
    throw new ReleaseError(`${unrecorded.join(", ")} ha${unrecorded.length > 1 ? "ve" : "s"} no released tag in ${where}; release every service once first (npm run release -- <tag>)`);
  }
  const tags = Object.fromEntries(known.map((s) => [s, targets.includes(s) ? request.tag : released[s]]));
  const releaseEnv: NodeJS.ProcessEnv = { ...env, IMAGE_TAGS: JSON.stringify(tags) };
  delete releaseEnv.IMAGE_TAG;
  const config = loadConfig({ env: releaseEnv }); // validates the tag like any imageTag
  log(`release ${request.tag} to ${targets.join(", ")} in ${where}`);

  const step = (name: string, program: string, args: string[]) => {
    const result = deps.run(program, args, { cwd: PROJECT_ROOT, env: releaseEnv });
    if (result.error || result.status !== 0) throw new ReleaseError(`${name} failed${result.error ? ` (${result.error.message})` : ""}; nothing was released`);
  };
  step("preflight", "npm", ["run", "-s", "preflight", "--", "compute"]);
  // Before any task runs them: from here the repositories' lifecycle never expires these images.
  const kept = await keepReleasedImages(deps.ecr, { repositories: imageRepositories(config), services: targets, suffix: current.suffix, tag: request.tag });
  kept.forEach((line) => log(line));
  step("synthesis", process.execPath, ["--import", "tsx", "main.ts"]);
  log("compute: plan, guard, apply (new task definitions; rolling services roll)");
  guardedApply(stackDir(outdirOf(releaseEnv), "compute"), releaseEnv, deps.run, log);

  const names = Names.for(config);
  const cluster = names.of("cluster");
  const wait = { pollSeconds: deps.pollSeconds ?? 15, timeoutMinutes: deps.timeoutMinutes ?? 60, sleep: deps.sleep, log };
  const revisions: Record<string, string> = {};
  for (const name of targets) {
    const service = config.compute.services.find((s) => s.name === name)!;
    const serviceName = names.of(name);
    const latest = await latestTaskDefinition(deps.ecs, serviceName, name);
    if (!imageRuns(latest.image, request.tag)) throw new ReleaseError(`${latest.arn} runs ${latest.image}, not ${request.tag}: the apply did not register the new revision`);
    revisions[name] = latest.arn;
    if (!isBlueGreen(config, service)) continue;
    const running = await describeService(deps.ecs, cluster, serviceName);
    if (running.taskDefinition === latest.arn) {
      log(`${name}: already runs ${latest.arn}`);
      continue;
    }
    const appSpec = ecsAppSpec({
      taskDefinitionArn: latest.arn,
      containerName: name,
      containerPort: service.containerPort,
      capacityProviderStrategy: capacityStrategy(config.compute.fargateSpot),
    });
    // The application and deployment group carry the service's name (stacks/compute.ts).
    const id = await createBlueGreenDeployment(deps.codedeploy, {
      application: serviceName,
      deploymentGroup: serviceName,
      appSpec,
      description: `release ${request.tag}`,
    });
    log(`${name}: CodeDeploy deployment ${id} to ${latest.arn}`);
    try {
      await waitForDeployment(deps.codedeploy, id, wait);
    } catch (error) {
      throw new ReleaseError(`${name}: ${(error as Error).message}; the tag was not recorded`);
    }
  }

  // Rolling services were waited for by the apply; check that every one reached the new revision.
  const deadline = Date.now() + wait.timeoutMinutes * 60_000;
  for (const name of targets) {
    for (;;) {
      const unsteady = notSteady(await describeService(deps.ecs, cluster, names.of(name)), revisions[name]);
      if (unsteady === undefined) break;
      if (unsteady.final || Date.now() >= deadline) {
        throw new ReleaseError(`${name} is not steady on ${revisions[name]}: ${unsteady.reason}; the tag was not recorded`);
      }
      log(`${name}: waiting, ${unsteady.reason}`);
      await deps.sleep(wait.pollSeconds * 1000);
    }
    log(`${name}: steady on ${path.basename(revisions[name])}`);
  }
  await recordReleasedTags(deps.ssm, environment, targets, request.tag);
  log(`recorded ${request.tag} for ${targets.join(", ")} in ${where}`);
}
