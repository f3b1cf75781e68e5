import { formatCidr, overlaps, parseCidr, subnet } from "../../config/cidr";
import { subnetPlan } from "../../config/subnets";

describe("CIDR arithmetic", () => {
  it.each(["10.0.0.0/16", "10.2.0.0/20", "0.0.0.0/0", "192.168.1.128/25"])("round-trips %s", (text) => {
    expect(formatCidr(parseCidr(text)!)).toBe(text);
  });

  it.each(["10.0.0.0", "10.0.0.0/33", "10.0.0.1/16", "256.0.0.0/8", "10.00.0.0/16", "a.b.c.d/16", " 10.0.0.0/16"])("rejects %s", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it("derives subnets like Terraform's cidrsubnet", () => {
    const vpc = parseCidr("10.1.0.0/16")!;
    expect(formatCidr(subnet(vpc, 3, 2))).toBe("10.1.64.0/19");
    expect(formatCidr(subnet(vpc, 6, 24))).toBe("10.1.96.0/22");
    expect(() => subnet(vpc, 3, 8)).toThrow(RangeError);
  });

  it("detects overlap in both directions", () => {
    const a = parseCidr("10.0.0.0/16")!;
    expect(overlaps(a, parseCidr("10.0.128.0/20")!)).toBe(true);
    expect(overlaps(parseCidr("10.0.128.0/20")!, a)).toBe(true);
    expect(overlaps(a, parseCidr("10.1.0.0/16")!)).toBe(false);
  });
});

describe("subnet plan", () => {
  it("gives each tier one non-overlapping subnet per AZ inside the VPC", () => {
    const plan = subnetPlan("10.0.0.0/16", 3);
    expect(plan).toEqual({
      private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
      public: ["10.0.96.0/22", "10.0.100.0/22", "10.0.104.0/22"],
      isolated: ["10.0.112.0/22", "10.0.116.0/22", "10.0.120.0/22"],
    });
    const all = Object.values(plan).flat().map((c) => parseCidr(c)!);
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
  });

  it("fits the smallest allowed VPC", () => {
    expect(subnetPlan("10.9.0.0/20", 3).isolated).toEqual(["10.9.7.0/26", "10.9.7.64/26", "10.9.7.128/26"]);
    expect(() => subnetPlan("nonsense", 3)).toThrow(RangeError);
  });
});
