import {
  CloudfrontDistribution,
  type CloudfrontDistributionOrderedCacheBehavior,
  type CloudfrontDistributionViewerCertificate,
} from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { Construct } from "constructs";
import type { PriceClass } from "../../config/types";

/** AWS managed policies: the same IDs in every account. */
export const MANAGED_POLICY_IDS = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/** Paths CloudFront sends to the ALB instead of the bucket. */
export const API_PATH_PATTERNS = ["/api/*", "/webhook/*"] as const;

const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const READ_METHODS = ["GET", "HEAD"];
const S3_ORIGIN = "frontend-bucket";
const API_ORIGIN = "alb";

export interface ApiOrigin {
  /** The API domain when the ALB certificate is issued for it, else the ALB's own DNS name. */
  readonly domainName: string;
  /** https-only to the ALB when it has a certificate; http-only (port 80) otherwise. */
  readonly tls: boolean;
  /** Header the ALB listener rules require: proves the request came through this distribution. */
  readonly verifyHeader: { readonly name: string; readonly value: string };
}

export interface FrontendDistributionProps {
  readonly oacName: string;
  readonly comment: string;
  readonly bucketRegionalDomainName: string;
  readonly api: ApiOrigin;
  readonly priceClass: PriceClass;
  readonly responseHeadersPolicyId: string;
  readonly webAclArn: string;
  /** Custom name and its us-east-1 certificate; absent = the *.cloudfront.net name. */
  readonly customDomain?: { readonly name: string; readonly certificateArn: string };
}

/**
 * CloudFront in front of the private bucket (origin access control, SigV4 on every request)
 * with the API paths passed through uncached to the ALB. Unknown paths fall back to
 * index.html with 200 so the React router handles deep links.
 */
export class FrontendDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly originAccessControl: CloudfrontOriginAccessControl;

  constructor(scope: Construct, id: string, props: FrontendDistributionProps) {
    super(scope, id);
    this.originAccessControl = new CloudfrontOriginAccessControl(this, "oac", {
      name: props.oacName,
      description: "Signed CloudFront reads of the frontend bucket",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const apiBehaviors: CloudfrontDistributionOrderedCacheBehavior[] = API_PATH_PATTERNS.map((pathPattern) => ({
      pathPattern,
      targetOriginId: API_ORIGIN,
      // Refuse rather than redirect: a redirected POST is re-sent by many clients as a GET.
      viewerProtocolPolicy: "https-only",
      allowedMethods: ALL_METHODS,
      cachedMethods: READ_METHODS,
      compress: true,
      cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
      originRequestPolicyId: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
      responseHeadersPolicyId: props.responseHeadersPolicyId,
    }));
    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      isIpv6Enabled: true,
      comment: props.comment,
      httpVersion: "http2and3",
      priceClass: props.priceClass,
      defaultRootObject: "index.html",
      aliases: props.customDomain ? [props.customDomain.name] : undefined,
      webAclId: props.webAclArn,
      origin: [
        {
          originId: S3_ORIGIN,
          domainName: props.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
        {
          originId: API_ORIGIN,
          domainName: props.api.domainName,
          customHeader: [props.api.verifyHeader],
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: props.api.tls ? "https-only" : "http-only",
            originSslProtocols: ["TLSv1.2"],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: S3_ORIGIN,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: READ_METHODS,
        cachedMethods: READ_METHODS,
        compress: true,
        cachePolicyId: MANAGED_POLICY_IDS.cachingOptimized,
        responseHeadersPolicyId: props.responseHeadersPolicyId,
      },
      orderedCacheBehavior: apiBehaviors,
      // Short TTL: a newly published route must not stay a cached fallback for long.
      customErrorResponse: [403, 404].map((errorCode) => ({
        errorCode,
        responseCode: 200,
        responsePagePath: "/index.html",
        errorCachingMinTtl: 10,
      })),
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: viewerCertificate(props.customDomain?.certificateArn),
      // Destroy really deletes (destroyable by default); the bucket carries the protection switch.
      retainOnDelete: false,
      // Edge propagation takes minutes and nothing in Terraform needs it finished; the
      // frontend publish step waits on its own invalidation instead.
      waitForDeployment: false,
    });
  }
}

/**
 * TLS 1.2+ with SNI on a custom name. The default *.cloudfront.net certificate cannot be
 * tuned: AWS pins its minimum protocol to TLSv1, a reason to give real environments a domain.
 */
function viewerCertificate(certificateArn?: string): CloudfrontDistributionViewerCertificate {
  return certificateArn
    ? { acmCertificateArn: certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
    : { cloudfrontDefaultCertificate: true };
}
