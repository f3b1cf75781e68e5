import { DataAlarms } from "../../constructs/compute/data-alarms";
import { PROFILES } from "../../config/profiles";
import { resourcesOf, snapshotView, synthConstruct } from "../support/synth";

describe("DataAlarms (synthScope)", () => {
  const thresholds = PROFILES.prod.alarms;
  const topicArn = "arn:aws:sns:us-east-1:123456789012:payment-alarms-test";
  const json = synthConstruct((scope) => {
    new DataAlarms(scope, "data-alarms", {
      name: (t) => `payment-${t}-test`,
      topicArn,
      databaseClusterIdentifier: "payment-db-test",
      queueName: "payment-transactions-test",
      deadLetterQueueName: "payment-transactions-dlq-test",
      thresholds,
    });
  });
  const alarms: Record<string, any> = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));

  it("notifies the topic on alarm and on recovery, and treats silence as healthy", () => {
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_actions).toEqual([topicArn]);
      expect(alarm.ok_actions).toEqual([topicArn]);
      expect(alarm.treat_missing_data).toBe("notBreaching");
    }
  });

  it("uses the profile's thresholds", () => {
    expect(alarms["payment-db-connections-test"]).toMatchObject({ threshold: thresholds.dbConnectionsMax, dimensions: { DBClusterIdentifier: "payment-db-test" } });
    expect(alarms["payment-db-cpu-test"]).toMatchObject({ threshold: thresholds.dbCpuPercent, evaluation_periods: 3 });
    expect(alarms["payment-queue-oldest-message-test"]).toMatchObject({ threshold: thresholds.queueOldestMessageSeconds, dimensions: { QueueName: "payment-transactions-test" } });
  });

  it("alarms on the first message in the dead-letter queue", () => {
    expect(alarms["payment-dlq-messages-test"]).toMatchObject({ threshold: 0, comparison_operator: "GreaterThanThreshold", dimensions: { QueueName: "payment-transactions-dlq-test" } });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});
