import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { AwsAccount } from "../iam";
import type { NotificationTargets } from "../notification-targets";
import { SecurityAlertTopic } from "./alert-topic";
import { ConfigRecorder } from "./config-recorder";
import { SecurityHubStandards } from "./security-hub";
import { ThreatDetection } from "./threat-detection";

export interface RegionalBaselineProps {
  readonly account: AwsAccount;
  readonly region: string;
  /** payment-<thing>-<suffix>; regional names may repeat across regions. */
  readonly name: (thing: string) => string;
  readonly keyAlias: string;
  readonly notify: NotificationTargets;
  readonly keyDeletionWindowInDays: number;
  /** Where AWS Config delivers (any region) and the key of that bucket. */
  readonly audit: { readonly bucketName: string; readonly kmsKeyArn: string };
  readonly configRoleArn: string;
  /** The home region records IAM and other global resources; the others do not. */
  readonly home: boolean;
  readonly provider?: TerraformProvider;
}

/**
 * Everything the baseline runs once per region: GuardDuty with its high-severity alert,
 * AWS Config, Security Hub with its standards and an IAM Access Analyzer, all alerting to a
 * topic of the region.
 */
export class RegionalBaseline extends Construct {
  readonly alerts: SecurityAlertTopic;
  readonly securityHub: SecurityHubStandards;
  readonly threatDetection: ThreatDetection;

  constructor(scope: Construct, id: string, props: RegionalBaselineProps) {
    super(scope, id);
    const provider = props.provider;
    this.alerts = new SecurityAlertTopic(this, "alerts", {
      account: props.account,
      region: props.region,
      name: props.name("security-alerts"),
      keyAlias: props.keyAlias,
      notify: props.notify,
      deletionWindowInDays: props.keyDeletionWindowInDays,
      provider,
    });
    this.threatDetection = new ThreatDetection(this, "guardduty", {
      ruleName: props.name("guardduty-findings"),
      alertTopicArn: this.alerts.arn,
      provider,
    });
    const config = new ConfigRecorder(this, "config", {
      name: props.name("config"),
      roleArn: props.configRoleArn,
      bucketName: props.audit.bucketName,
      kmsKeyArn: props.audit.kmsKeyArn,
      recordGlobalResources: props.home,
      provider,
    });
    this.securityHub = new SecurityHubStandards(this, "security-hub", {
      partition: props.account.partition,
      region: props.region,
      dependsOn: [config.status],
      provider,
    });
    new AccessanalyzerAnalyzer(this, "access-analyzer", { analyzerName: props.name("access-analyzer"), type: "ACCOUNT", provider });
  }
}
