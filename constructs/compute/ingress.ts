import { Construct } from "constructs";
import { orderPathPatterns } from "../../config/routing";
import type { ServiceConfig } from "../../config/types";
import { ListenerRules, type ServiceRoute } from "./listener-rules";
import { PublicLoadBalancer } from "./load-balancer";
import { ServiceTargetGroups } from "./target-groups";

/** Listener rule priorities: the most specific route gets FIRST_SERVICE_PRIORITY, the next + 1, ... */
export const FIRST_SERVICE_PRIORITY = 100;

export interface ServiceIngressProps {
  /** Every configured service; those with albPathPatterns get target groups and routes. */
  readonly services: readonly ServiceConfig[];
  readonly albName: string;
  readonly targetGroupName: (service: string, alternate: boolean) => string;
  readonly vpcId: string;
  readonly publicSubnetIds: readonly string[];
  readonly albSecurityGroupId: string;
  readonly accessLogBucket: string;
  readonly deletionProtection: boolean;
  readonly certificateArn?: string;
  readonly deregistrationDelaySeconds: number;
  readonly originHeader: { readonly name: string; readonly value: string };
  /** Two target groups per service, and listener actions left to CodeDeploy. */
  readonly blueGreen: boolean;
  /** Only CloudFront can connect (no port-80 redirect listener then). */
  readonly cloudFrontOnly: boolean;
}

/**
 * The order the ALB evaluates the services' rules in: by each service's most specific pattern.
 * Validation refuses patterns of two services that overlap, so the order never decides which
 * service gets a request; it keeps the rules in the same order as the CloudFront behaviors.
 */
function routeOrder(services: readonly ServiceConfig[]): ServiceConfig[] {
  const fronted = services.filter((s) => s.albPathPatterns);
  const ranked = orderPathPatterns(fronted.flatMap((s) => s.albPathPatterns ?? []));
  const rank = (s: ServiceConfig) => Math.min(...(s.albPathPatterns ?? []).map((p) => ranked.indexOf(p)));
  return [...fronted].sort((a, b) => rank(a) - rank(b));
}

/** The ALB, the target groups of the ALB-fronted services, and the routes to them. */
export class ServiceIngress extends Construct {
  readonly loadBalancer: PublicLoadBalancer;
  readonly targetGroups: Readonly<Record<string, ServiceTargetGroups>>;
  readonly originRules: ListenerRules;

  constructor(scope: Construct, id: string, props: ServiceIngressProps) {
    super(scope, id);
    const ordered = routeOrder(props.services);
    this.loadBalancer = new PublicLoadBalancer(this, "load-balancer", {
      name: props.albName,
      subnetIds: props.publicSubnetIds,
      securityGroupId: props.albSecurityGroupId,
      accessLogBucket: props.accessLogBucket,
      deletionProtection: props.deletionProtection,
      certificateArn: props.certificateArn,
      httpRedirect: !props.cloudFrontOnly,
    });
    this.targetGroups = Object.fromEntries(
      ordered.map((s) => [
        s.name,
        new ServiceTargetGroups(this, `target-groups-${s.name}`, {
          service: s.name,
          vpcId: props.vpcId,
          port: s.containerPort,
          healthCheckPath: s.healthCheckPath,
          deregistrationDelaySeconds: props.deregistrationDelaySeconds,
          primaryName: props.targetGroupName(s.name, false),
          alternateName: props.blueGreen ? props.targetGroupName(s.name, true) : undefined,
        }),
      ]),
    );
    const routes: ServiceRoute[] = ordered.map((s, i) => {
      const groups = this.targetGroups[s.name];
      return {
        service: s.name,
        pathPatterns: orderPathPatterns(s.albPathPatterns ?? []),
        targetGroupArn: groups.primary.arn,
        idleTargetGroupArn: groups.alternate?.arn,
        priority: FIRST_SERVICE_PRIORITY + i,
      };
    });
    this.originRules = new ListenerRules(this, "origin-rules", {
      originHeader: props.originHeader,
      actionsManagedByCodeDeploy: props.blueGreen,
      listenerArn: this.loadBalancer.originListener.arn,
      routes,
    });
  }
}
