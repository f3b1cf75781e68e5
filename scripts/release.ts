import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { ECRClient } from "@aws-sdk/client-ecr";
import { ECSClient } from "@aws-sdk/client-ecs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import { awsErrorLine } from "../lib/aws-credentials";
import { PlanGuardError } from "../lib/plan-guard";
import { runCommand } from "../lib/release/commands";
import { imageRepositories } from "../lib/image-repositories";
import { GuardedApplyError } from "../lib/release/guarded-apply";
import { KeepImageError } from "../lib/release/keep-released-images";
import { parseReleaseArgs, release, ReleaseError, type ReleaseDeps } from "../lib/release/release";

/**
 * npm run release -- <tag> [service...]
 *
 * Releases an image tag to the environment ENVIRONMENT / ENVIRONMENT_SUFFIX select (every
 * service, or the ones named) and records it in Parameter Store when all are healthy
 * (help/release.md). One line on stderr and exit 1 on any failure.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, deps?: Partial<ReleaseDeps>): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const request = parseReleaseArgs(argv);
    const config = loadConfig({ env });
    const region = config.region;
    await release(request, {
      env,
      ssm: new SSMClient({ region }),
      ecs: new ECSClient({ region }),
      codedeploy: new CodeDeployClient({ region }),
      ecr: new ECRClient({ region: imageRepositories(config).region }),
      run: runCommand,
      log: (line) => process.stdout.write(`${line}\n`),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...deps,
    });
    return 0;
  } catch (error) {
    const known = [ReleaseError, GuardedApplyError, PlanGuardError, KeepImageError].some((k) => error instanceof k);
    if (known || error instanceof ConfigError) {
      err(`release: ${(error as Error).message}`);
      return 1;
    }
    // An AWS error (credentials, permissions, throttling): one line, no stack trace.
    err(`release: ${awsErrorLine(error)}`);
    return 1;
  }
}

/* istanbul ignore next -- command line entry point */
if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
}
