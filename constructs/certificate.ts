import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface DnsValidatedCertificateProps {
  readonly domainName: string;
  /** Public hosted zone that answers for domainName. */
  readonly zoneId: string;
  /** Another region's provider: CloudFront only accepts certificates from us-east-1. */
  readonly provider?: TerraformProvider;
}

/**
 * An ACM certificate for one name, validated through a record in the public zone. `arn` is
 * read from the validation resource, so whatever uses it (a listener, a distribution) waits
 * until the certificate is issued.
 */
export class DnsValidatedCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, "certificate", {
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      // A renamed domain issues the new certificate before the old one is detached.
      lifecycle: { createBeforeDestroy: true },
      provider: props.provider,
    });
    // One name, so exactly one validation option; the set is read through tolist()[0].
    const option = this.certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, "validation-record", {
      zoneId: props.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      // Another certificate for the same name in this account needs the identical record.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validation", {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [record.fqdn],
      provider: props.provider,
    });
    this.arn = validation.certificateArn;
  }
}
