import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { TRANSACTION_METRICS_NAMESPACE } from "./iam-policies";

/** A CloudWatch metric line: [namespace, metric, dim1, value1, ..., options]. */
type MetricLine = (string | Record<string, unknown>)[];

interface Widget {
  readonly type: "metric";
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly period: number;
    readonly stat?: string;
    readonly metrics: MetricLine[];
  };
}

export interface OverviewDashboardProps {
  readonly name: string;
  readonly region: string;
  readonly albArnSuffix: string;
  readonly clusterName: string;
  readonly serviceNames: readonly string[];
  readonly databaseClusterIdentifier: string;
}

/** One screen for on-call: ALB latency and errors, tasks per service, DB connections, transaction latency. */
export class OverviewDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, p: OverviewDashboardProps) {
    super(scope, id);
    const widget = (title: string, metrics: MetricLine[], stat?: string): Widget => ({
      type: "metric",
      width: 12,
      height: 6,
      properties: { title, region: p.region, view: "timeSeries", period: 60, ...(stat ? { stat } : {}), metrics },
    });
    const alb = (metric: string, options: Record<string, unknown>): MetricLine => [
      "AWS/ApplicationELB",
      metric,
      "LoadBalancer",
      p.albArnSuffix,
      options,
    ];
    const transactions = (stat: string): MetricLine => [TRANSACTION_METRICS_NAMESPACE, "TransactionLatency", { stat, label: stat }];
    const widgets: Widget[] = [
      widget("ALB latency (s)", ["p50", "p90", "p99"].map((stat) => alb("TargetResponseTime", { stat, label: stat }))),
      widget(
        "Requests and errors",
        [
          alb("RequestCount", { stat: "Sum", label: "requests" }),
          alb("HTTPCode_Target_5XX_Count", { stat: "Sum", label: "target 5XX" }),
          alb("HTTPCode_Target_4XX_Count", { stat: "Sum", label: "target 4XX" }),
          alb("HTTPCode_ELB_5XX_Count", { stat: "Sum", label: "ALB 5XX" }),
        ],
      ),
      widget(
        "Running tasks",
        p.serviceNames.map((service) => [
          "ECS/ContainerInsights",
          "RunningTaskCount",
          "ClusterName",
          p.clusterName,
          "ServiceName",
          service,
          { label: service },
        ]),
        "Average",
      ),
      widget(
        "Aurora connections",
        [["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", p.databaseClusterIdentifier, { label: "connections" }]],
        "Maximum",
      ),
      widget("Transaction latency (ms)", [transactions("p50"), transactions("p99")]),
    ];
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: p.name,
      dashboardBody: JSON.stringify({ widgets }),
    });
  }
}
