import { OverviewDashboard } from "../../constructs/compute/dashboard";
import { onlyResource, snapshotView, synthConstruct } from "../support/synth";

describe("OverviewDashboard (synthScope)", () => {
  const services = ["api-gateway", "payment-processor", "fraud-detector", "ledger"];
  const json = synthConstruct((scope) => {
    new OverviewDashboard(scope, "dashboard", {
      name: "payment-overview-test",
      region: "eu-west-1",
      albArnSuffix: "app/payment-alb-test/abc",
      clusterName: "payment-cluster-test",
      serviceNames: services,
      databaseClusterIdentifier: "payment-db-test",
    });
  });
  const dashboard = onlyResource(json, "aws_cloudwatch_dashboard");
  const widgets = JSON.parse(dashboard.dashboard_body).widgets;

  it("charts every widget in the stack's region", () => {
    expect(dashboard.dashboard_name).toBe("payment-overview-test");
    expect(widgets.every((w: any) => w.properties.region === "eu-west-1")).toBe(true);
  });

  it("charts running tasks of every configured service", () => {
    const tasks = widgets.find((w: any) => w.properties.title === "Running tasks");
    expect(tasks.properties.metrics.map((line: any[]) => line[5])).toEqual(services);
  });

  it("charts the ALB and the database by their identifiers", () => {
    const lines = widgets.flatMap((w: any) => w.properties.metrics);
    expect(lines.filter((l: any[]) => l[0] === "AWS/ApplicationELB").every((l: any[]) => l[3] === "app/payment-alb-test/abc")).toBe(true);
    expect(lines.some((l: any[]) => l[0] === "AWS/RDS" && l[3] === "payment-db-test")).toBe(true);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});
