import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubStandardsSubscription } from "@cdktf/provider-aws/lib/securityhub-standards-subscription";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** Standards subscribed in every region, as the path after `::standards/` in their ARNs. */
export const SECURITY_HUB_STANDARDS = {
  "aws-foundational-security-best-practices": "aws-foundational-security-best-practices/v/1.0.0",
  "pci-dss": "pci-dss/v/4.0.1",
} as const;

export interface SecurityHubStandardsProps {
  readonly partition: string;
  readonly region: string;
  /** Security Hub's controls evaluate AWS Config rules: the recorder must be running. */
  readonly dependsOn: readonly ITerraformDependable[];
  readonly provider?: TerraformProvider;
}

/**
 * Security Hub in one region with consolidated control findings and exactly the standards
 * this platform is held to (no default standards): AWS Foundational Security Best Practices
 * and PCI DSS v4.0.1.
 */
export class SecurityHubStandards extends Construct {
  readonly account: SecurityhubAccount;

  constructor(scope: Construct, id: string, props: SecurityHubStandardsProps) {
    super(scope, id);
    const provider = props.provider;
    this.account = new SecurityhubAccount(this, "account", {
      enableDefaultStandards: false,
      controlFindingGenerator: "SECURITY_CONTROL",
      autoEnableControls: true,
      dependsOn: [...props.dependsOn],
      provider,
    });
    for (const [id, path] of Object.entries(SECURITY_HUB_STANDARDS)) {
      new SecurityhubStandardsSubscription(this, id, {
        standardsArn: `arn:${props.partition}:securityhub:${props.region}::standards/${path}`,
        dependsOn: [this.account],
        provider,
      });
    }
  }
}
