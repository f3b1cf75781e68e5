import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECRClient } from "@aws-sdk/client-ecr";
import { Route53Client } from "@aws-sdk/client-route-53";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import type { EnvironmentConfig } from "../config/types";
import { NoCredentialsError, type Caller } from "../lib/aws-credentials";
import {
  checkAccount,
  checkAlarmSubscription,
  checkAlarmTargets,
  checkApiKeysSecret,
  checkDomain,
  checkImages,
  checkLockTable,
  checkStateBucket,
  guarded,
  preflightCaller,
  type CheckResult,
  type Clients,
} from "../lib/preflight/checks";
import { STACK_NAMES, type StackName } from "../stacks/backend";

/**
 * npm run preflight -- [stack...]
 *
 * Read-only checks that the credentials, state backend, domain, images and secrets are what
 * the environment ENVIRONMENT / ENVIRONMENT_SUFFIX select needs before `stack...` (default: all
 * four) is deployed. One line per check, ok or FAILED with the command that fixes it; exit
 * code 1 when any check failed. Run it before every deploy.
 */

export class PreflightError extends Error {}

export function parsePreflightArgs(argv: readonly string[]): StackName[] {
  for (const arg of argv) {
    if (!(STACK_NAMES as readonly string[]).includes(arg)) {
      throw new PreflightError(`unknown stack "${arg}"; choose from ${STACK_NAMES.join(", ")} (none = all); usage: npm run preflight -- [stack...]`);
    }
  }
  return argv.length ? [...new Set(argv as StackName[])] : [...STACK_NAMES];
}

/** Every check that applies to deploying `stacks` of `config`, in the order a person fixes them. */
export async function runChecks(config: EnvironmentConfig, stacks: readonly StackName[], clients: Clients, caller: Caller): Promise<CheckResult[]> {
  const results: CheckResult[] = [checkAccount(config, caller)];
  results.push(...(await guarded("state bucket", () => checkStateBucket(config, clients))));
  results.push(...(await guarded("lock table", () => checkLockTable(config, clients))));
  if (stacks.includes("compute") || stacks.includes("edge")) results.push(...(await guarded("domain", () => checkDomain(config, clients))));
  if (stacks.includes("compute")) {
    results.push(...checkAlarmTargets(config));
    results.push(...(await guarded("images", () => checkImages(config, clients, caller))));
    results.push(...(await guarded("api keys secret", () => checkApiKeysSecret(config, clients))));
  }
  results.push(...(await guarded("alarm subscription", () => checkAlarmSubscription(config, clients, caller))));
  return results;
}

export function formatResult(result: CheckResult): string {
  return result.ok ? `ok      ${result.name}: ${result.detail}` : `FAILED  ${result.name}: ${result.detail}; fix: ${result.fix}`;
}

/** Real SDK clients, one per service and region, with the default credential chain. */
export function awsClients(): Clients {
  const cache = new Map<string, unknown>();
  const client = <T>(key: string, make: () => T): T => (cache.has(key) ? (cache.get(key) as T) : (cache.set(key, make()), cache.get(key) as T));
  const options = (region: string) => ({ region, maxAttempts: 3 });
  return {
    sts: () => client("sts", () => new STSClient(options(process.env.AWS_REGION ?? "us-east-1"))),
    s3: (region) => client(`s3:${region}`, () => new S3Client(options(region))),
    dynamodb: (region) => client(`dynamodb:${region}`, () => new DynamoDBClient(options(region))),
    route53: () => client("route53", () => new Route53Client(options("us-east-1"))),
    ecr: (region) => client(`ecr:${region}`, () => new ECRClient(options(region))),
    secretsManager: (region) => client(`secrets:${region}`, () => new SecretsManagerClient(options(region))),
    sns: (region) => client(`sns:${region}`, () => new SNSClient(options(region))),
  };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, clients: Clients = awsClients(), out: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): Promise<number> {
  try {
    const stacks = parsePreflightArgs(argv);
    const config = loadConfig({ env });
    const caller = await preflightCaller(clients);
    out(`preflight: ${config.profile}/${config.suffix} in ${config.region}, before deploying ${stacks.join(" ")}`);
    const results = await runChecks(config, stacks, clients, caller);
    results.forEach((r) => out(formatResult(r)));
    const failed = results.filter((r) => !r.ok).length;
    out(failed ? `preflight: ${failed} of ${results.length} checks FAILED; fix them before deploying` : `preflight: all ${results.length} checks ok`);
    return failed ? 1 : 0;
  } catch (error) {
    if (error instanceof PreflightError || error instanceof NoCredentialsError || error instanceof ConfigError) {
      process.stderr.write(`${error instanceof ConfigError ? "" : "preflight: "}${error.message}\n`);
      return 1;
    }
    // Anything else is a bug in a check; still one line, never a stack trace in an operator's terminal.
    process.stderr.write(`preflight: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  // The SDK's multi-line notice that its 2027 releases need Node 22 would break the one-line-per-check
  // output; the README states the Node requirement instead.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  void main(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
}
