import { ConfigError } from "../errors";
import { OIDC_PROVIDER_MODES, type EnvironmentConfig } from "../types";
import { intInRange, isBoolean, matches, oneOf } from "./rules";

/** GitHub owner (1-39 letters, digits, inner hyphens) / repository (1-100 of letters, digits, . _ -). */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
/** Nothing that is a wildcard in IAM (* ?) or the `sub` claim's separator (:). */
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\/$)[A-Za-z0-9._/-]{1,255}$/;
const WORKFLOW = /^\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml$/;

/** An AWS role session lasts 1 to 12 hours. */
export const SESSION_SECONDS = { min: 3600, max: 43200 } as const;

export function validateCi(config: EnvironmentConfig): void {
  const { ci } = config;
  matches("ci.repository (GITHUB_REPOSITORY)", ci.repository, REPOSITORY, "must be a GitHub repository as owner/name, without wildcards");
  if (ci.repositoryIds) {
    intInRange("ci.repositoryIds.owner", ci.repositoryIds.owner, 1, Number.MAX_SAFE_INTEGER);
    intInRange("ci.repositoryIds.repository", ci.repositoryIds.repository, 1, Number.MAX_SAFE_INTEGER);
  }
  if (!Array.isArray(ci.deployEnvironments) || ci.deployEnvironments.length === 0) {
    throw new ConfigError("ci.deployEnvironments", ci.deployEnvironments, "must name at least one GitHub environment");
  }
  ci.deployEnvironments.forEach((name, i) =>
    matches(`ci.deployEnvironments[${i}]`, name, ENVIRONMENT, "must be a GitHub environment name: 1-255 of letters, digits, '.', '_' and '-'"),
  );
  const duplicate = ci.deployEnvironments.find((name, i) => ci.deployEnvironments.indexOf(name) !== i);
  if (duplicate !== undefined) throw new ConfigError("ci.deployEnvironments", duplicate, "must not list an environment twice");
  matches("ci.defaultBranch", ci.defaultBranch, BRANCH, "must be a branch name: letters, digits, '.', '_', '-' and inner '/', no wildcards");
  matches("ci.driftWorkflow", ci.driftWorkflow, WORKFLOW, "must be a workflow file under .github/workflows ending in .yml or .yaml");
  intInRange("ci.deploySessionSeconds", ci.deploySessionSeconds, SESSION_SECONDS.min, SESSION_SECONDS.max);
  isBoolean("ci.permissionsBoundary", ci.permissionsBoundary);
  oneOf("ci.oidcProvider (GITHUB_OIDC_PROVIDER)", ci.oidcProvider, OIDC_PROVIDER_MODES);
}
