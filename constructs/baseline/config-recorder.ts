import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface ConfigRecorderProps {
  readonly name: string;
  /** The AWS Config service-linked role (AWSServiceRoleForConfig). */
  readonly roleArn: string;
  /** The audit bucket (any region) and the key it is encrypted with. */
  readonly bucketName: string;
  readonly kmsKeyArn: string;
  /** Record IAM and other global resources: in one region only, or every region records them again. */
  readonly recordGlobalResources: boolean;
  readonly provider?: TerraformProvider;
}

/**
 * AWS Config in one region: a recorder of every supported resource type, its delivery channel
 * to the audit bucket, and the recorder switched on. An account has one recorder and one
 * delivery channel per region, which is why only one profile per account deploys the baseline.
 */
export class ConfigRecorder extends Construct {
  readonly status: ConfigConfigurationRecorderStatus;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const provider = props.provider;
    const recorder = new ConfigConfigurationRecorder(this, "recorder", {
      name: props.name,
      roleArn: props.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.recordGlobalResources },
      provider,
    });
    const channel = new ConfigDeliveryChannel(this, "delivery-channel", {
      name: props.name,
      s3BucketName: props.bucketName,
      s3KmsKeyArn: props.kmsKeyArn,
      snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
      dependsOn: [recorder],
      provider,
    });
    // Recording starts only once a delivery channel exists.
    this.status = new ConfigConfigurationRecorderStatus(this, "status", {
      name: recorder.name,
      isEnabled: true,
      dependsOn: [channel],
      provider,
    });
  }
}
