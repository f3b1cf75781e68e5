import { AwsProvider, type AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { Aspects, S3Backend, TerraformStack, type S3BackendConfig, type TerraformRemoteState } from "cdktf";
import { BASELINE_STACK, backendConfig, type StateStackName } from "./backend";

export { BASELINE_STACK, backendConfig, mainEnvironment, stateKey, STACK_NAMES, type StackName, type StateStackName } from "./backend";
import type { Construct } from "constructs";
import { APPLICATION, CiNames, Names } from "../config/names";
import { AccountGuard } from "../constructs/account-guard";
import { AwsAccount, managedPolicyArn, PermissionsBoundary } from "../constructs/iam";
import { remoteStateReader } from "../constructs/remote-state";
import type { EnvironmentConfig } from "../config/types";

export interface PaymentStackProps {
  readonly config: EnvironmentConfig;
}

/** Tags every taggable resource gets through the provider's default_tags. Nothing time-varying. */
export function defaultTags(config: EnvironmentConfig): Record<string, string> {
  return {
    Environment: config.profile,
    EnvironmentSuffix: config.suffix,
    Application: APPLICATION,
    CostCenter: "payments",
    ManagedBy: "cdktf",
    ...config.ownershipTags,
  };
}

/** Settings every AWS provider of a stack shares, whatever its region. */
function awsProviderConfig(config: EnvironmentConfig, region: string): AwsProviderConfig {
  return { region, defaultTags: [{ tags: defaultTags(config) }] };
}

/**
 * S3 backend whose cross-stack readers take no lock. CDKTF copies the producer's backend
 * config, dynamodb_table included, into every terraform_remote_state; readers never lock and
 * Terraform >= 1.11 warns that the argument is deprecated there.
 */
export class LockedS3Backend extends S3Backend {
  constructor(
    scope: Construct,
    private readonly settings: S3BackendConfig,
  ) {
    super(scope, settings);
  }

  public getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return remoteStateReader(scope, name, this.settings);
  }
}

/**
 * Base of the four platform stacks: the AWS provider in the profile's region with
 * default tags, the account guard on every AWS provider of the stack, the S3 backend with a
 * DynamoDB lock (plus S3-native locking on request), and the profile's permissions boundary on
 * every IAM role (ci.permissionsBoundary).
 */
export abstract class PaymentStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly names: Names;
  readonly provider: AwsProvider;
  /** Account ID and partition of the deploying credentials. */
  readonly account: AwsAccount;
  private readonly regionalProviders = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: StateStackName, props: PaymentStackProps) {
    super(scope, id);
    this.config = props.config;
    this.names = Names.for(props.config);
    this.provider = new AwsProvider(this, "aws", awsProviderConfig(props.config, props.config.region));
    AccountGuard.apply(this, props.config.accountId);
    new LockedS3Backend(this, backendConfig(props.config, id));
    if (props.config.state.useLockfile) {
      // S3Backend in cdktf 0.21 has no useLockfile property.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }
    this.account = new AwsAccount(this, "account");
    // The baseline is deployed by an administrator (help/bootstrap.md), never by the CI deploy
    // role, so its roles need not fit that role's boundary.
    if (props.config.ci.permissionsBoundary && id !== BASELINE_STACK) {
      Aspects.of(this).add(new PermissionsBoundary(managedPolicyArn(this.account, CiNames.permissionsBoundary(props.config.profile))));
    }
  }

  /**
   * The AWS provider of another region (alias = the region with underscores), created once per
   * stack with the same settings as the default one, so every provider carries the same tags
   * and account guard.
   */
  providerFor(region: string): AwsProvider {
    if (region === this.config.region) return this.provider;
    let provider = this.regionalProviders.get(region);
    if (!provider) {
      const alias = region.replace(/-/g, "_");
      provider = new AwsProvider(this, `aws-${region}`, { ...awsProviderConfig(this.config, region), alias });
      this.regionalProviders.set(region, provider);
    }
    return provider;
  }
}
