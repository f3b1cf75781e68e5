import { ConfigError } from "../../config/errors";
import { loadConfig, type Env } from "../../config/load";
import { PROFILES } from "../../config/profiles";
import type { ProfileConfig, ProfileName } from "../../config/types";

export type Edit = (p: ProfileConfig) => ProfileConfig;

/** The one-line ConfigError a profile edited by `edit` gives; fails when it is accepted or the message spans lines. */
export function errorOf(edit: Edit = (p) => p, env: Env = {}, profile: ProfileName = "dev"): string {
  try {
    loadConfig({ env: { ENVIRONMENT: profile, ...env }, profile: edit(PROFILES[profile]) });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("configuration was accepted");
}
