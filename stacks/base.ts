import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Backend, TerraformStack, type S3BackendConfig, type TerraformRemoteState } from "cdktf";
import type { Construct } from "constructs";
import { Names } from "../config/names";
import type { EnvironmentConfig } from "../config/types";
import { AccountGuard } from "../constructs/account-guard";
import { remoteStateReader } from "../constructs/remote-state";
import { backendConfig, type StackName } from "./backend";

export { backendConfig, mainEnvironment, stateKey, STACK_NAMES, type StackName } from "./backend";

export interface PaymentStackProps {
  readonly config: EnvironmentConfig;
}

/** Tags every taggable resource gets through the provider's default_tags. Nothing time-varying. */
export function defaultTags(config: EnvironmentConfig): Record<string, string> {
  return {
    Environment: config.profile,
    EnvironmentSuffix: config.suffix,
    Application: "payment-platform",
    CostCenter: "payments",
    ManagedBy: "cdktf",
    ...config.ownershipTags,
  };
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
 * default tags, the account guard on every AWS provider of the stack, and the S3 backend
 * with a DynamoDB lock (plus S3-native locking on request).
 */
export abstract class PaymentStack extends TerraformStack {
  readonly config: EnvironmentConfig;
  readonly names: Names;
  readonly provider: AwsProvider;

  constructor(scope: Construct, id: StackName, props: PaymentStackProps) {
    super(scope, id);
    this.config = props.config;
    this.names = Names.for(props.config);
    this.provider = new AwsProvider(this, "aws", {
      region: props.config.region,
      defaultTags: [{ tags: defaultTags(props.config) }],
    });
    AccountGuard.apply(this, props.config.accountId);
    new LockedS3Backend(this, backendConfig(props.config, id));
    if (props.config.state.useLockfile) {
      // S3Backend in cdktf 0.21 has no useLockfile property.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }
  }
}
