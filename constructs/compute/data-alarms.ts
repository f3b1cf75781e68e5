import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { AlarmConfig } from "../../config/types";
import { notifyingAlarm } from "./alarms";

export interface DataAlarmsProps {
  readonly name: (thing: string) => string;
  readonly topicArn: string;
  readonly databaseClusterIdentifier: string;
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly thresholds: AlarmConfig;
}

/**
 * What the services depend on: Aurora load and the transactions queue. A paused Aurora
 * Serverless cluster and an idle queue report nothing, which is healthy (notBreaching).
 */
export class DataAlarms extends Construct {
  readonly all: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, p: DataAlarmsProps) {
    super(scope, id);
    const t = p.thresholds;
    const alarm = (
      alarmId: string,
      description: string,
      metric: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic: string },
      threshold: number,
      evaluationPeriods = 1,
    ) =>
      notifyingAlarm(this, alarmId, p.name(alarmId), p.topicArn, {
        alarmDescription: description,
        ...metric,
        period: 300,
        evaluationPeriods,
        comparisonOperator: "GreaterThanThreshold",
        threshold,
        treatMissingData: "notBreaching",
      });
    const db = (metricName: string, statistic: string) => ({
      namespace: "AWS/RDS",
      metricName,
      dimensions: { DBClusterIdentifier: p.databaseClusterIdentifier },
      statistic,
    });
    const sqs = (metricName: string, queueName: string) => ({
      namespace: "AWS/SQS",
      metricName,
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
    });
    this.all = [
      alarm("db-connections", `Aurora connections > ${t.dbConnectionsMax}`, db("DatabaseConnections", "Maximum"), t.dbConnectionsMax),
      alarm("db-cpu", `Aurora CPU > ${t.dbCpuPercent}% for 15 minutes`, db("CPUUtilization", "Average"), t.dbCpuPercent, 3),
      alarm("db-acu", `Aurora ACU utilisation > ${t.dbAcuUtilizationPercent}% for 15 minutes`, db("ACUUtilization", "Average"), t.dbAcuUtilizationPercent, 3),
      alarm("dlq-messages", "Messages in the dead-letter queue", sqs("ApproximateNumberOfMessagesVisible", p.deadLetterQueueName), 0),
      alarm(
        "queue-oldest-message",
        `Oldest transaction message older than ${t.queueOldestMessageSeconds}s`,
        sqs("ApproximateAgeOfOldestMessage", p.queueName),
        t.queueOldestMessageSeconds,
      ),
    ];
  }
}
