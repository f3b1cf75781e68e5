import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { assumeRolePolicy, policyDocument, type AwsAccount } from "../iam";
import { ENCRYPT_DECRYPT, EncryptionKey } from "../kms-key";

export interface VpcFlowLogsProps {
  readonly account: AwsAccount;
  readonly region: string;
  readonly vpcId: string;
  readonly logGroupName: string;
  readonly roleName: string;
  readonly keyAlias: string;
  readonly retentionInDays: number;
}

/** All VPC traffic (accepted and rejected) to a KMS-encrypted log group, via a role scoped to it. */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const logGroupArn = props.account.arn("logs", props.region, `log-group:${props.logGroupName}`);
    this.key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: props.keyAlias,
      description: `VPC flow logs ${props.logGroupName}`,
      grants: [
        {
          service: `logs.${props.region}.amazonaws.com`,
          actions: ENCRYPT_DECRYPT,
          condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
        },
      ],
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      retentionInDays: props.retentionInDays,
      kmsKeyId: this.key.arn,
    });
    const role = new IamRole(this, "role", {
      name: props.roleName,
      assumeRolePolicy: assumeRolePolicy("vpc-flow-logs.amazonaws.com", props.account.accountId),
    });
    new IamRolePolicy(this, "role-policy", {
      role: role.id,
      name: "write-flow-logs",
      policy: policyDocument({
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [this.logGroup.arn, `${this.logGroup.arn}:*`],
      }),
    });
    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
