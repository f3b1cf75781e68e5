import { capacityStrategy, FargateCluster } from "../../constructs/compute/cluster";
import { onlyResource, snapshotView, synthConstruct } from "../support/synth";

describe("FargateCluster (synthScope)", () => {
  const synth = (fargateSpot: boolean) =>
    synthConstruct((scope) => {
      new FargateCluster(scope, "cluster", { name: "payment-cluster-test", fargateSpot });
    });

  it("enables Container Insights, which the alarms and dashboard read", () => {
    expect(onlyResource(synth(false), "aws_ecs_cluster")).toMatchObject({
      name: "payment-cluster-test",
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
  });

  it.each([false, true])("keeps one on-demand task as the base (spot %s)", (spot) => {
    const providers = onlyResource(synth(spot), "aws_ecs_cluster_capacity_providers");
    expect(providers.default_capacity_provider_strategy[0]).toEqual({ capacity_provider: "FARGATE", base: 1, weight: 1 });
    expect(providers.capacity_providers).toEqual(capacityStrategy(spot).map((s) => s.capacityProvider));
    expect(providers.capacity_providers.includes("FARGATE_SPOT")).toBe(spot);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(synth(true))).toMatchSnapshot();
  });
});
