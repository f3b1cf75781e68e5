import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, type LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import { Construct } from "constructs";

/** TLS 1.3 plus TLS 1.2 with forward-secret ciphers; the API default is the 2016 policy. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The one listener CloudFront connects to: HTTPS with a certificate, HTTP without one. */
export const ORIGIN_PORTS = { tls: 443, plain: 80 } as const;

export interface PublicLoadBalancerProps {
  readonly name: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  readonly accessLogBucket: string;
  readonly deletionProtection: boolean;
  /** Certificate to terminate TLS with; absent = HTTP only, reachable through CloudFront alone. */
  readonly certificateArn?: string;
  /** Add a port-80 listener that redirects to HTTPS: only when clients other than CloudFront
   *  may connect (with CloudFront-only ingress nothing could reach it). */
  readonly httpRedirect: boolean;
}

const NOT_FOUND: LbListenerDefaultAction = {
  type: "fixed-response",
  fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "not found" },
};

/**
 * Internet-facing ALB with access logs and strict header parsing. The origin listener (HTTPS
 * 443, or HTTP 80 without a certificate) answers 404 unless a listener rule matches.
 */
export class PublicLoadBalancer extends Construct {
  readonly alb: Lb;
  readonly originListener: LbListener;
  readonly servesTls: boolean;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    this.servesTls = props.certificateArn !== undefined;
    this.alb = new Lb(this, "alb", {
      name: props.name,
      loadBalancerType: "application",
      internal: false,
      subnets: [...props.subnetIds],
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      idleTimeout: 60,
      enableDeletionProtection: props.deletionProtection,
      accessLogs: { bucket: props.accessLogBucket, prefix: "alb", enabled: true },
    });
    this.originListener = this.listener("origin", this.servesTls ? ORIGIN_PORTS.tls : ORIGIN_PORTS.plain, props.certificateArn);
    if (this.servesTls && props.httpRedirect) {
      new LbListener(this, "http-redirect", {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      });
    }
  }

  private listener(id: string, port: number, certificateArn?: string): LbListener {
    return new LbListener(this, id, {
      loadBalancerArn: this.alb.arn,
      port,
      protocol: certificateArn ? "HTTPS" : "HTTP",
      ...(certificateArn ? { sslPolicy: ALB_SSL_POLICY, certificateArn } : {}),
      defaultAction: [NOT_FOUND],
    });
  }
}
