import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { RDSClient } from "@aws-sdk/client-rds";
import { STSClient } from "@aws-sdk/client-sts";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import { NoCredentialsError } from "../lib/aws-credentials";
import { runCommand } from "../lib/release/commands";
import { formatCheck } from "../lib/verify/check";
import { parseVerifyArgs, readOutputs, verify, VerifyError, type VerifyDeps } from "../lib/verify/verify";

/**
 * npm run verify -- [--if-deployed] [stack...]
 *
 * Post-deploy checks of the environment ENVIRONMENT / ENVIRONMENT_SUFFIX select, read from
 * each stack's outputs and checked with the AWS SDK and HTTPS: one line per check, exit 1
 * when any fails (help/deploy.md#verify).
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, deps?: Partial<VerifyDeps>): Promise<number> {
  try {
    const request = parseVerifyArgs(argv);
    const config = loadConfig({ env });
    const region = config.region;
    const results = await verify(config, request, {
      clients: {
        sts: new STSClient({ region }),
        ecs: new ECSClient({ region }),
        elb: new ElasticLoadBalancingV2Client({ region }),
        cloudwatch: new CloudWatchClient({ region }),
        rds: new RDSClient({ region }),
        wafv2: new WAFV2Client({ region }),
        cloudfront: new CloudFrontClient({ region: "us-east-1" }),
      },
      fetch: (url, init) => fetch(url, init),
      outputs: (stack) => readOutputs(stack, env, runCommand),
      ...deps,
    });
    for (const r of results) process.stdout.write(`${formatCheck(r)}\n`);
    const failed = results.filter((r) => !r.ok).length;
    const run = results.filter((r) => !r.skipped).length;
    process.stdout.write(`verify: ${run - failed}/${run} checks passed in ${config.profile}/${config.suffix}\n`);
    return failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof VerifyError || error instanceof ConfigError || error instanceof NoCredentialsError) {
      process.stderr.write(`verify: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/* istanbul ignore next -- command line entry point */
if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
}
