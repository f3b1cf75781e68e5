import { SSMClient } from "@aws-sdk/client-ssm";
import { ConfigError } from "../config/errors";
import { loadConfig } from "../config/load";
import { awsErrorLine } from "../lib/aws-credentials";
import { releasedTagsPath } from "../config/names";
import { PROFILES } from "../config/profiles";
import { PROFILE_NAMES, type ProfileName } from "../config/types";
import { readReleasedTags } from "../lib/release/released-tags";

/**
 * npm run -s released-tags [-- --from <profile>/<suffix>]
 *
 * Prints IMAGE_TAGS for an infrastructure deploy: the JSON map of service to the tag
 * recorded by the last release of this environment (or of --from, e.g. dev/dev for a
 * per-pull-request copy). Exit 0 when every service has a tag, 3 when some have none yet
 * (first deploy: release first), 1 on an error; one line on stderr per problem.
 */
export const INCOMPLETE = 3;

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, ssm?: SSMClient): Promise<number> {
  const err = (line: string) => process.stderr.write(`released-tags: ${line}\n`);
  try {
    const config = loadConfig({ env });
    let source: { profile: ProfileName; suffix: string } = { profile: config.profile, suffix: config.suffix };
    if (argv.length > 0) {
      const [flag, value, ...rest] = argv;
      const match = /^([a-z]+)\/([a-z0-9-]+)$/.exec(value ?? "");
      if (flag !== "--from" || !match || rest.length > 0) {
        err("usage: npm run -s released-tags [-- --from <profile>/<suffix>]");
        return 1;
      }
      if (!(PROFILE_NAMES as readonly string[]).includes(match[1])) {
        err(`--from ${value}: profile must be one of ${PROFILE_NAMES.join(", ")}`);
        return 1;
      }
      source = { profile: match[1] as ProfileName, suffix: match[2] };
    }
    const tags = await readReleasedTags(ssm ?? new SSMClient({ region: PROFILES[source.profile].region }), source);
    const services = config.compute.services.map((s) => s.name);
    const missing = services.filter((s) => tags[s] === undefined);
    process.stdout.write(`${JSON.stringify(Object.fromEntries(services.filter((s) => tags[s]).map((s) => [s, tags[s]])))}\n`);
    for (const s of missing) err(`${s} has no released tag under ${releasedTagsPath(source.profile, source.suffix)}`);
    return missing.length > 0 ? INCOMPLETE : 0;
  } catch (error) {
    err(error instanceof ConfigError ? error.message : awsErrorLine(error));
    return 1;
  }
}

/* istanbul ignore next -- command line entry point */
if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => (process.exitCode = code));
}
