import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Construct } from "constructs";
import { ManagedPolicyRole, type AwsAccount, type PolicyStatement } from "../iam";
import { ENCRYPT_DECRYPT, EncryptionKey } from "../kms-key";

export interface VpcFlowLogsProps {
  readonly account: AwsAccount;
  readonly region: string;
  readonly vpcId: string;
  readonly logGroupName: string;
  readonly roleName: string;
  readonly policyName: string;
  readonly keyAlias: string;
  readonly retentionInDays: number;
}

/** All VPC traffic (accepted and rejected) to a KMS-encrypted log group, via a role scoped to it. */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly key: EncryptionKey;
  /** The delivery role; `role.role` is the IAM role. */
  readonly role: ManagedPolicyRole;

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
    const role = (this.role = new ManagedPolicyRole(this, "role", {
      roleName: props.roleName,
      assumedBy: "vpc-flow-logs.amazonaws.com",
      accountId: props.account.accountId,
      policyName: props.policyName,
      policyDescription: `VPC flow log delivery to ${props.logGroupName}`,
      statements: flowLogStatements(this.logGroup.arn, props.account.arn("logs", props.region, "log-group:*")),
    }));
    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      dependsOn: [role.attachment],
      maxAggregationInterval: 60,
    });
  }
}

/**
 * Every permission the VPC Flow Logs guide lists for CloudWatch Logs delivery, scoped to the
 * one log group; DescribeLogGroups is a list call, so it gets the region's log groups.
 */
function flowLogStatements(logGroupArn: string, anyLogGroupArn: string): PolicyStatement[] {
  return [
    {
      Sid: "DeliverFlowLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [logGroupArn, `${logGroupArn}:*`],
    },
    { Sid: "FindLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: anyLogGroupArn },
  ];
}
