import {
  CloudfrontDistribution,
  type CloudfrontDistributionOrderedCacheBehavior,
  type CloudfrontDistributionViewerCertificate,
} from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { Construct } from "constructs";
import { orderPathPatterns } from "../../config/routing";
import type { PriceClass } from "../../config/types";

/** AWS managed policies: the same IDs in every account. */
export const MANAGED_POLICY_IDS = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/**
 * Origin errors on which CloudFront retries a request on the replica bucket. Not 403/404: with
 * origin access control and no s3:ListBucket a missing key answers 403, the replica (a copy)
 * would answer the same, and every miss would cost two origin fetches.
 */
export const FAILOVER_STATUS_CODES = [500, 502, 503, 504] as const;

const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const READ_METHODS = ["GET", "HEAD"];
const S3_ORIGIN = "frontend-bucket";
const REPLICA_ORIGIN = "frontend-replica";
const S3_ORIGIN_GROUP = "frontend-failover";
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
  /** Replica bucket in another region: the default behavior fails over to it (origin group). */
  readonly replicaBucketRegionalDomainName?: string;
  /** The services' ALB path patterns; each becomes an uncached behavior to the ALB, most specific first. */
  readonly apiPathPatterns: readonly string[];
  /** Viewer-request function of the default behavior (the SPA router). */
  readonly viewerRequestFunctionArn: string;
  readonly api: ApiOrigin;
  readonly priceClass: PriceClass;
  readonly responseHeadersPolicyId: string;
  readonly webAclArn: string;
  /** Custom name and its us-east-1 certificate; absent = the *.cloudfront.net name. */
  readonly customDomain?: { readonly name: string; readonly certificateArn: string };
}

/**
 * CloudFront in front of the private bucket (origin access control, SigV4 on every request)
 * with the services' ALB paths passed through uncached to the ALB. The SPA router function
 * serves index.html for the app's routes on the default behavior only, and there are no
 * distribution-wide custom error responses, so API and WAF status codes reach clients unchanged.
 */
export class FrontendDistribution extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly originAccessControl: CloudfrontOriginAccessControl;

  constructor(scope: Construct, id: string, props: FrontendDistributionProps) {
    super(scope, id);
    const replica = props.replicaBucketRegionalDomainName;
    this.originAccessControl = new CloudfrontOriginAccessControl(this, "oac", {
      name: props.oacName,
      description: "Signed CloudFront reads of the frontend bucket",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const apiBehaviors: CloudfrontDistributionOrderedCacheBehavior[] = orderPathPatterns(props.apiPathPatterns).map((pathPattern) => ({
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
        { originId: S3_ORIGIN, domainName: props.bucketRegionalDomainName, originAccessControlId: this.originAccessControl.id },
        ...(replica ? [{ originId: REPLICA_ORIGIN, domainName: replica, originAccessControlId: this.originAccessControl.id }] : []),
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
      originGroup: replica
        ? [
            {
              originId: S3_ORIGIN_GROUP,
              failoverCriteria: { statusCodes: [...FAILOVER_STATUS_CODES] },
              member: [{ originId: S3_ORIGIN }, { originId: REPLICA_ORIGIN }],
            },
          ]
        : undefined,
      defaultCacheBehavior: {
        // CloudFront fails over only GET, HEAD and OPTIONS requests: the default behavior allows GET and HEAD.
        targetOriginId: replica ? S3_ORIGIN_GROUP : S3_ORIGIN,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: READ_METHODS,
        cachedMethods: READ_METHODS,
        compress: true,
        cachePolicyId: MANAGED_POLICY_IDS.cachingOptimized,
        responseHeadersPolicyId: props.responseHeadersPolicyId,
        functionAssociation: [{ eventType: "viewer-request", functionArn: props.viewerRequestFunctionArn }],
      },
      orderedCacheBehavior: apiBehaviors,
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
