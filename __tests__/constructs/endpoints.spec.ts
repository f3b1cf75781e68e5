import { BASE_INTERFACE_ENDPOINTS, VpcEndpoints } from "../../constructs/network/endpoints";
import { resourcesOf, snapshotView, synthConstruct } from "../support/synth";

describe("VpcEndpoints (synthScope)", () => {
  const synth = (interfaceServices: readonly string[]) =>
    synthConstruct((scope) => {
      new VpcEndpoints(scope, "endpoints", {
        name: (t) => `payment-${t}-test`,
        region: "eu-west-1",
        vpcId: "vpc-1",
        gatewayRouteTableIds: ["rtb-1", "rtb-2"],
        interfaceServices,
        subnetIds: ["subnet-1", "subnet-2"],
        securityGroupId: "sg-1",
      });
    });
  const endpoints = (json: ReturnType<typeof synth>) => resourcesOf(json, "aws_vpc_endpoint").map(([, e]) => e);

  it("always has the S3 gateway endpoint on the given route tables", () => {
    expect(endpoints(synth([]))).toEqual([
      expect.objectContaining({ service_name: "com.amazonaws.eu-west-1.s3", vpc_endpoint_type: "Gateway", route_table_ids: ["rtb-1", "rtb-2"] }),
    ]);
  });

  it("adds one private-DNS interface endpoint per service, in the app subnets behind the security group", () => {
    const json = synth(BASE_INTERFACE_ENDPOINTS);
    const interfaces = endpoints(json).filter((e) => e.vpc_endpoint_type === "Interface");
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(BASE_INTERFACE_ENDPOINTS.map((s) => `com.amazonaws.eu-west-1.${s}`).sort());
    for (const e of interfaces) expect(e).toMatchObject({ private_dns_enabled: true, subnet_ids: ["subnet-1", "subnet-2"], security_group_ids: ["sg-1"] });
  });

  it("matches its snapshot", () => {
    expect(snapshotView(synth(["logs"]))).toMatchSnapshot();
  });
});
