import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { CiNames } from "../config/names";
import type { EnvironmentConfig } from "../config/types";
import { boundaryStatements } from "../constructs/ci/boundary";
import { globalArn } from "../constructs/ci/context";
import { deployStatements } from "../constructs/ci/deploy-policy";
import { GithubOidcProvider } from "../constructs/ci/oidc-provider";
import { readStatements } from "../constructs/ci/read-policy";
import { stateStatements } from "../constructs/ci/state-access";
import { GithubRole } from "../constructs/ci/github-role";
import { githubTrustPolicy, taggedSessionStatement, type GithubSubject } from "../constructs/ci/trust";
import { AwsAccount, policyDocument } from "../constructs/iam";
import { AccountGuard } from "../constructs/account-guard";
import { backendConfig, ciStateKey, mainEnvironment, profileStatePrefix } from "./backend";
import { defaultTags, LockedS3Backend } from "./base";

/** A plan (refresh and diff of four stacks) fits in the default hour. */
const PLAN_SESSION_SECONDS = 3600;

/**
 * The identities GitHub Actions uses for one profile: a plan role for pull requests and the
 * scheduled drift job, a deploy role for the profile's GitHub environments, and the
 * permissions boundary every role the platform creates carries. Deployed by an administrator
 * right after bootstrap (help/bootstrap.md); its state lives at ci/<profile>.tfstate, outside
 * the payment/ prefix the CI roles can reach, so no CI role can rewrite its own identity.
 */
export class CiStack extends TerraformStack {
  readonly planRole: GithubRole;
  readonly deployRole: GithubRole;

  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, "ci");
    const { ci, state, profile } = config;
    new LockedS3Backend(this, {
      bucket: state.bucket,
      key: ciStateKey(profile),
      region: state.region,
      encrypt: true,
      kmsKeyId: state.kmsKey,
      dynamodbTable: state.lockTable,
    });
    // IAM is global; the state key the policies name lives in the state region.
    new AwsProvider(this, "aws", {
      region: state.region,
      defaultTags: [{ tags: { ...defaultTags(config), EnvironmentSuffix: profile } }],
    });
    AccountGuard.apply(this, config.accountId);
    const account = new AwsAccount(this, "account");
    const ciScope = { partition: account.partition, accountId: account.accountId };
    const provider = new GithubOidcProvider(this, "github", { mode: "existing" });
    const stateKeyArn = new DataAwsKmsAlias(this, "state-key", { name: state.kmsKey }).targetKeyArn;
    const lockTableArn = `arn:${account.partition}:dynamodb:${state.region}:${account.accountId}:table/${state.lockTable}`;

    const boundary = new IamPolicy(this, "permissions-boundary", {
      name: CiNames.permissionsBoundary(profile),
      description: `Ceiling of every IAM role the ${profile} platform creates; the CI deploy role may create roles only with it`,
      policy: policyDocument(...boundaryStatements({ ...ciScope, stateBucket: state.bucket, stateKeyArn })),
    });

    const stateAccess = (write: boolean) =>
      stateStatements({ partition: account.partition, bucket: state.bucket, prefix: profileStatePrefix(profile), readKeys: sharedStateReads(config), lockTableArn, kmsKeyArn: stateKeyArn, write });
    const roleArn = (roleName: string) => globalArn(ciScope, "iam", `role/${roleName}`);
    const trust = (roleName: string, subjects: GithubSubject[]) =>
      githubTrustPolicy({ ci, providerArn: provider.arn, subjects, roleArn: roleArn(roleName), accountRootArn: account.rootArn });

    const planName = CiNames.planRole(profile);
    const readPolicy = new IamPolicy(this, "read", {
      name: CiNames.policy(planName, "read"),
      description: `Metadata reads a terraform plan of the ${profile} stacks makes; no data reads`,
      policy: policyDocument(...readStatements(ciScope, profile)),
    });
    this.planRole = new GithubRole(this, "plan", {
      roleName: planName,
      description: `GitHub Actions: plans of ${profile} on pull requests and the scheduled drift job; read-only but the state lock`,
      trustPolicy: trust(planName, [{ kind: "pull_request" }, { kind: "workflow-on-branch", branch: ci.defaultBranch, workflow: ci.driftWorkflow }]),
      maxSessionSeconds: PLAN_SESSION_SECONDS,
      policies: { state: [...stateAccess(false), taggedSessionStatement(roleArn(planName))] },
      sharedPolicies: { read: readPolicy.arn },
    });

    const deployName = CiNames.deployRole(profile);
    const parts = deployStatements({
      ...ciScope,
      profile,
      // By name, as the platform stacks write it (stacks/base.ts), not by reference.
      boundaryArn: globalArn(ciScope, "iam", `policy/${CiNames.permissionsBoundary(profile)}`),
      stateBucket: state.bucket,
      stateKeyArn,
    });
    this.deployRole = new GithubRole(this, "deploy", {
      roleName: deployName,
      description: `GitHub Actions: deploys of ${profile} from the GitHub environments ${ci.deployEnvironments.join(", ")}`,
      trustPolicy: trust(deployName, ci.deployEnvironments.map((name) => ({ kind: "environment", name }))),
      maxSessionSeconds: ci.deploySessionSeconds,
      policies: { state: [...stateAccess(true), taggedSessionStatement(roleArn(deployName))], ...parts },
      sharedPolicies: { read: readPolicy.arn },
    });

    new TerraformOutput(this, "plan_role_arn", { value: this.planRole.arn });
    new TerraformOutput(this, "deploy_role_arn", { value: this.deployRole.arn });
    new TerraformOutput(this, "permissions_boundary_arn", { value: boundary.arn });
  }
}

/**
 * State keys of other profiles this one's stacks read, exactly as their readers name them
 * (stacks/network.ts, stacks/data.ts): the peer's network, the shared repositories' owner's data.
 */
export function sharedStateReads(config: EnvironmentConfig): string[] {
  const keys: string[] = [];
  const peer = config.network.peering?.with;
  if (peer) keys.push(backendConfig(config, "network", mainEnvironment(peer)).key);
  if (config.compute.ecrShareFrom) keys.push(backendConfig(config, "data", mainEnvironment(config.compute.ecrShareFrom)).key);
  return keys;
}
