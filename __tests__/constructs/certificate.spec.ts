import { DnsValidatedCertificate } from "../../constructs/certificate";
import { onlyResource, snapshotView, synthConstruct } from "../support/synth";

describe("DnsValidatedCertificate (synthScope)", () => {
  const json = synthConstruct((scope) => {
    new DnsValidatedCertificate(scope, "api", { domainName: "api.payments.acme.io", zoneId: "Z123" });
  });

  it("requests a DNS-validated ECDSA certificate, replaced before the old one is detached", () => {
    expect(onlyResource(json, "aws_acm_certificate")).toMatchObject({
      domain_name: "api.payments.acme.io",
      validation_method: "DNS",
      key_algorithm: "EC_prime256v1",
      lifecycle: { create_before_destroy: true },
    });
  });

  it("writes the validation record into the zone and waits for issuance", () => {
    const record = onlyResource(json, "aws_route53_record");
    expect(record).toMatchObject({ zone_id: "Z123", ttl: 300, allow_overwrite: true });
    expect(record.name).toContain("domain_validation_options");
    const validation = onlyResource(json, "aws_acm_certificate_validation");
    expect(validation.validation_record_fqdns).toEqual([expect.stringContaining("aws_route53_record.")]);
  });

  it("matches its snapshot", () => {
    expect(snapshotView(json)).toMatchSnapshot();
  });
});
