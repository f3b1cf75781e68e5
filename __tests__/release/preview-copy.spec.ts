import { ConfigError } from "../../config/errors";
import { configFor, resourcesOf, synthPlatform } from "../support/synth";

/** What preview.yml deploys: ENVIRONMENT=dev ENVIRONMENT_SUFFIX=pr<N> ECR_SHARE_FROM=dev on dev's released tags. */
describe("a per-pull-request copy", () => {
  const config = configFor("dev", { ENVIRONMENT_SUFFIX: "pr12", ECR_SHARE_FROM: "dev" });
  const platform = synthPlatform(config);

  it("owns no repository in any stack, so its destroy leaves dev's images alone", () => {
    expect(config.compute.ecrShareFrom).toBe("dev");
    for (const json of Object.values(platform)) expect(resourcesOf(json, "aws_ecr_repository")).toEqual([]);
  });

  it("reads dev's repositories from dev's own state, not its own", () => {
    const readers = Object.values(platform).flatMap((json) =>
      Object.entries(json.data?.terraform_remote_state ?? {}).filter(([name]) => name.startsWith("shared-ecr")).map(([, r]) => r.config.key),
    );
    expect(readers.length).toBeGreaterThan(0);
    for (const key of readers) expect(key).toMatch(/^payment\/dev\/dev\/[a-z]+\.tfstate$/);
  });

  it("is refused for dev itself and for an unknown profile, in one line", () => {
    expect(() => configFor("dev", { ECR_SHARE_FROM: "dev" })).toThrow(`invalid configuration: compute.ecrShareFrom = "dev": is this environment itself; only a copy of dev (ENVIRONMENT_SUFFIX other than dev) can share dev's repositories`);
    expect(() => configFor("dev", { ECR_SHARE_FROM: "qa" })).toThrow(ConfigError);
    expect(() => configFor("dev", { ECR_SHARE_FROM: "qa" })).toThrow('invalid configuration: ECR_SHARE_FROM = "qa": must be one of dev, staging, prod');
    expect(configFor("dev", { ECR_SHARE_FROM: "" }).compute.ecrShareFrom).toBeUndefined();
  });
});
