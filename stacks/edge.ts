import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Fn, Lazy, TerraformOutput } from "cdktf";
import { albRoutes } from "../config/routing";
import type { Construct } from "constructs";
import { CloudFrontAccessLogs } from "../constructs/edge/access-logs";
import { DnsValidatedCertificate } from "../constructs/certificate";
import { FrontendDistribution } from "../constructs/edge/distribution";
import { FrontendBucket } from "../constructs/edge/frontend-bucket";
import { PublicDns } from "../constructs/edge/public-dns";
import { SecurityHeaders } from "../constructs/edge/security-headers";
import { SpaRouter } from "../constructs/edge/spa-router";
import { WafLogDeliveryPolicy } from "../constructs/edge/waf-log-delivery-policy";
import { WafLogging } from "../constructs/edge/waf-logging";
import { WebAcl } from "../constructs/edge/web-acl";
import { AccessLogBucket } from "../constructs/access-log-bucket";
import { BucketReplication } from "../constructs/bucket-replication";
import type { AwsAccount } from "../constructs/iam";
import { ENCRYPT_DECRYPT, EncryptionKey } from "../constructs/kms-key";
import { PaymentStack, type PaymentStackProps } from "./base";
import type { ComputeOutputs, DataOutputs } from "../constructs/contracts";

/** CloudFront certificates, CLOUDFRONT-scope WAF and CloudFront log delivery live only here. */
export const CLOUDFRONT_REGION = "us-east-1";

export interface EdgeOutputs {
  /** https://<app domain>, or https://<distribution>.cloudfront.net without a domain. */
  readonly cloudfrontUrl: string;
  readonly distributionId: string;
  readonly distributionArn: string;
  readonly frontendBucketName: string;
  /** The disaster-recovery copy CloudFront fails over to, when the profile has one. */
  readonly frontendReplicaBucketName?: string;
  readonly albUrl: string;
  readonly cloudfrontWebAclArn: string;
  readonly albWebAclArn: string;
}

export interface EdgeStackProps extends PaymentStackProps {
  readonly data: DataOutputs;
  readonly compute: ComputeOutputs;
}

/** Frontend bucket (and its DR replica), CloudFront with the SPA router, both web ACLs with their logs, the certificate and public DNS. */
export class EdgeStack extends PaymentStack {
  readonly outputs: EdgeOutputs;

  constructor(scope: Construct, props: EdgeStackProps) {
    super(scope, "edge", props);
    const { config, names } = this;
    const { data, compute } = props;
    const domain = config.edge.domain;
    const { account } = this;
    const usEast1 = this.providerFor(CLOUDFRONT_REGION);

    const wafLogGroup = names.wafLogGroup("cloudfront");
    // The /aws/vendedlogs/ prefix keeps CloudWatch's log resource policy from outgrowing its size limit.
    const accessLogGroup = `/aws/vendedlogs/cloudfront/${names.of("frontend")}`;
    const edgeLogsKey = new EncryptionKey(this, "us-east-1-logs-key", {
      account,
      alias: names.kmsAlias("edge-logs"),
      description: `CloudFront access logs and CloudFront WAF logs of ${config.suffix}`,
      provider: usEast1,
      grants: [
        {
          service: `logs.${CLOUDFRONT_REGION}.amazonaws.com`,
          actions: ENCRYPT_DECRYPT,
          condition: {
            ArnEquals: {
              "kms:EncryptionContext:aws:logs:arn": [wafLogGroup, accessLogGroup].map((name) =>
                account.arn("logs", CLOUDFRONT_REGION, `log-group:${name}`),
              ),
            },
          },
        },
      ],
    });

    // Bucket and key policies name the distribution, which needs the bucket: Terraform's
    // graph is acyclic (policies -> distribution -> bucket), only construction order is not,
    // so the ARN is read when the stack is synthesized.
    const distributionArn = Lazy.stringValue({ produce: (): string => cdn.distribution.arn });
    const frontend = new FrontendBucket(this, "frontend", {
      account,
      bucketName: names.bucket("frontend", account.accountId),
      keyAlias: names.kmsAlias("frontend"),
      distributionArn,
      forceDestroy: !config.protection,
      accessLogs: { bucketName: data.accessLogBucketName },
    });
    const replicaRegion = config.edge.frontendReplicaRegion;
    const replica = replicaRegion ? this.frontendReplica(account, frontend, replicaRegion, distributionArn) : undefined;

    const albWafLogGroup = names.wafLogGroup("alb");
    // One policy per region this environment logs WAF in (one when the profile is in us-east-1).
    const deliveryPolicy = (region: string, id: string, logGroupNames: string[], provider?: AwsProvider) =>
      new WafLogDeliveryPolicy(this, id, { name: names.of("waf-log-delivery"), account, region, logGroupNames, provider }).policy;
    const sameRegion = config.region === CLOUDFRONT_REGION;
    const cloudfrontDelivery = deliveryPolicy(CLOUDFRONT_REGION, "waf-log-delivery-us-east-1", sameRegion ? [wafLogGroup, albWafLogGroup] : [wafLogGroup], usEast1);
    const albDelivery = sameRegion ? cloudfrontDelivery : deliveryPolicy(config.region, "waf-log-delivery", [albWafLogGroup]);

    const webhookBody = config.edge.webhookBody;
    const cloudfrontAcl = new WebAcl(this, "cloudfront-waf", {
      name: names.of("cloudfront"),
      scope: "CLOUDFRONT",
      rateLimit: config.edge.wafRateLimit,
      largeBodyPath: webhookBody,
      provider: usEast1,
    });
    new WafLogging(this, "cloudfront-waf-logging", {
      webAclArn: cloudfrontAcl.arn,
      logGroupName: wafLogGroup,
      kmsKeyArn: edgeLogsKey.arn,
      retentionInDays: config.logRetentionDays,
      redactedHeaders: [compute.originVerifyHeaderName],
      provider: usEast1,
      deliveryPolicy: cloudfrontDelivery,
    });

    const zone = domain ? new DataAwsRoute53Zone(this, "public-zone", { name: domain.hostedZone, privateZone: false }) : undefined;
    const certificate =
      domain && zone
        ? new DnsValidatedCertificate(this, "cloudfront-certificate", { domainName: domain.appDomain, zoneId: zone.zoneId, provider: usEast1 })
        : undefined;

    const headers = new SecurityHeaders(this, "security-headers", { name: names.of("security-headers") });
    const spaRouter = new SpaRouter(this, "spa-router", { name: names.of("spa-router") });
    const cdn = new FrontendDistribution(this, "cdn", {
      oacName: names.of("cloudfront-oac"),
      comment: `Payment frontend and API (${config.suffix})`,
      bucketRegionalDomainName: frontend.regionalDomainName,
      replicaBucketRegionalDomainName: replica?.regionalDomainName,
      apiPathPatterns: albRoutes(config.compute.services).map((route) => route.pattern),
      viewerRequestFunctionArn: spaRouter.arn,
      api: {
        // The ALB certificate is issued for the API domain, so CloudFront must connect by that name.
        domainName: domain?.apiDomain ?? compute.albDnsName,
        tls: compute.albServesTls,
        // sensitive() keeps the secret out of plan output even where the remote state lost the mark.
        verifyHeader: { name: compute.originVerifyHeaderName, value: Fn.sensitive(compute.originVerifyHeaderValue) },
      },
      priceClass: config.edge.priceClass,
      responseHeadersPolicyId: headers.policy.id,
      webAclArn: cloudfrontAcl.arn,
      customDomain: domain && certificate ? { name: domain.appDomain, certificateArn: certificate.arn } : undefined,
    });
    const distribution = cdn.distribution;

    // Standard logging v2: the legacy logging_config needs an ACL-enabled bucket (see help/frontend.md).
    new CloudFrontAccessLogs(this, "access-logs", {
      name: names.of("cloudfront-access"),
      distributionArn: distribution.arn,
      logGroupName: accessLogGroup,
      kmsKeyArn: edgeLogsKey.arn,
      retentionInDays: config.logRetentionDays,
      provider: usEast1,
    });

    const albAcl = new WebAcl(this, "alb-waf", {
      name: names.of("alb"),
      scope: "REGIONAL",
      rateLimit: config.edge.wafRateLimit,
      // Its traffic arrives through CloudFront edge servers: count the viewer, not the edge.
      rateKey: "FORWARDED_IP",
      // It sees at most 8 KB of a body; the CloudFront ACL in front enforces the webhook size.
      largeBodyPath: { pathPrefix: webhookBody.pathPrefix },
    });
    new Wafv2WebAclAssociation(this, "alb-waf-association", { resourceArn: compute.albArn, webAclArn: albAcl.arn });
    new WafLogging(this, "alb-waf-logging", {
      webAclArn: albAcl.arn,
      logGroupName: albWafLogGroup,
      kmsKeyArn: data.logsKeyArn,
      retentionInDays: config.logRetentionDays,
      redactedHeaders: [compute.originVerifyHeaderName],
      deliveryPolicy: albDelivery,
    });

    if (domain && zone) {
      new PublicDns(this, "public-dns", {
        zoneId: zone.zoneId,
        appDomain: domain.appDomain,
        distribution: { dnsName: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
        apiDomain: domain.apiDomain,
        alb: { dnsName: compute.albDnsName, zoneId: compute.albZoneId, evaluateTargetHealth: true },
      });
    }

    this.outputs = {
      cloudfrontUrl: `https://${domain?.appDomain ?? distribution.domainName}`,
      distributionId: distribution.id,
      distributionArn: distribution.arn,
      frontendBucketName: frontend.bucketName,
      frontendReplicaBucketName: replica?.bucketName,
      albUrl: compute.albUrl,
      cloudfrontWebAclArn: cloudfrontAcl.arn,
      albWebAclArn: albAcl.arn,
    };
    const outputs: [string, string, string][] = [
      ["cloudfront_url", this.outputs.cloudfrontUrl, "Frontend URL"],
      ["cloudfront_distribution_id", this.outputs.distributionId, "For cache invalidations after a publish"],
      ["frontend_bucket_name", this.outputs.frontendBucketName, "Where the React build is published"],
      ["alb_url", this.outputs.albUrl, "API load balancer; clients call the API through cloudfront_url/api/"],
      ["cloudfront_web_acl_arn", this.outputs.cloudfrontWebAclArn, "CLOUDFRONT-scope web ACL (us-east-1)"],
      ["alb_web_acl_arn", this.outputs.albWebAclArn, "REGIONAL web ACL on the ALB"],
    ];
    if (replica) outputs.push(["frontend_replica_bucket_name", replica.bucketName, "Disaster-recovery copy of the frontend bucket (CloudFront fails over to it)"]);
    outputs.forEach(([id, value, description]) => new TerraformOutput(this, id, { value, description }));
  }

  /**
   * The frontend bucket's copy in the disaster-recovery region, with its own key, readable only
   * by this distribution, filled by cross-region replication.
   */
  private frontendReplica(account: AwsAccount, primary: FrontendBucket, region: string, distributionArn: string): FrontendBucket {
    const { config, names } = this;
    const provider = this.providerFor(region);
    const replicaBucketName = names.bucket("frontend-replica", account.accountId);
    // S3 delivers server access logs only to a bucket in the source bucket's region.
    const accessLogs = new AccessLogBucket(this, "replica-access-logs", {
      bucketName: names.bucket("replica-access-logs", account.accountId),
      account,
      sourceBucketArns: [`arn:${account.partition}:s3:::${replicaBucketName}`],
      expireAfterDays: config.logRetentionDays,
      forceDestroy: !config.protection,
      provider,
    });
    const replica = new FrontendBucket(this, "frontend-replica", {
      account,
      bucketName: replicaBucketName,
      keyAlias: names.kmsAlias("frontend-replica"),
      distributionArn,
      forceDestroy: !config.protection,
      provider,
      accessLogs: accessLogs.target,
    });
    new BucketReplication(this, "frontend-replication", {
      account,
      name: names.of("frontend-replication"),
      source: { bucketId: primary.bucket.bucket.id, bucketArn: primary.arn, keyArn: primary.key.arn, region: config.region, versioning: primary.bucket.versioning },
      destination: { bucketId: replica.bucket.bucket.id, bucketArn: replica.arn, keyArn: replica.key.arn, region, versioning: replica.bucket.versioning },
    });
    return replica;
  }
}
