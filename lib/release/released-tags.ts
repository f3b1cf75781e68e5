import { GetParametersByPathCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { releasedTagParameter, releasedTagsPath } from "../../config/names";

export interface Environment {
  readonly profile: string;
  readonly suffix: string;
}

/** The recorded tag of every service released to `env`, by service name. */
export async function readReleasedTags(ssm: SSMClient, env: Environment): Promise<Record<string, string>> {
  const path = releasedTagsPath(env.profile, env.suffix);
  const tags: Record<string, string> = {};
  let NextToken: string | undefined;
  do {
    const page = await ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: false, NextToken }));
    for (const p of page.Parameters ?? []) {
      if (p.Name && p.Value) tags[p.Name.slice(path.length)] = p.Value;
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return tags;
}

/** Records `tag` for each service; Parameter Store keeps the previous values as history. */
export async function recordReleasedTags(ssm: SSMClient, env: Environment, services: readonly string[], tag: string): Promise<void> {
  for (const service of services) {
    await ssm.send(
      new PutParameterCommand({
        Name: releasedTagParameter(env.profile, env.suffix, service),
        Value: tag,
        Type: "String",
        Overwrite: true,
        Description: `Image tag released to ${service} (npm run release)`,
      }),
    );
  }
}
