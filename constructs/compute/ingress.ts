import { Construct } from "constructs";
import { MAX_PATH_PATTERN_LENGTH, MAX_ROUTED_SERVICES, orderPathPatterns, patternSpecificity } from "../../config/routing";
import type { ServiceConfig } from "../../config/types";
import { ListenerRules, type ServiceRoute } from "./listener-rules";
import { PublicLoadBalancer } from "./load-balancer";
import { ServiceTargetGroups } from "./target-groups";

/** Lowest priority a service route gets; 1 is the ALB's own /health answer. */
export const FIRST_SERVICE_PRIORITY = 100;

/**
 * A service's listener rule priority: lower (evaluated first) the more literal characters its
 * most specific pattern has, then by config order. It depends only on the service's own patterns
 * and position, so adding a service never moves another's rule: renumbering rules in one apply
 * fails with PriorityInUse while two rules swap. Validation refuses overlapping patterns of two
 * services, so the order never decides which service gets a request; it mirrors CloudFront's.
 */
export function rulePriority(patterns: readonly string[], configIndex: number): number {
  const specificity = Math.max(...patterns.map(patternSpecificity));
  return FIRST_SERVICE_PRIORITY + (MAX_PATH_PATTERN_LENGTH - specificity) * (MAX_ROUTED_SERVICES + 1) + configIndex;
}

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

/** The ALB, the target groups of the ALB-fronted services, and the routes to them. */
export class ServiceIngress extends Construct {
  readonly loadBalancer: PublicLoadBalancer;
  readonly targetGroups: Readonly<Record<string, ServiceTargetGroups>>;
  readonly originRules: ListenerRules;

  constructor(scope: Construct, id: string, props: ServiceIngressProps) {
    super(scope, id);
    const fronted = props.services.filter((s) => s.albPathPatterns);
    const priorityOf = (s: ServiceConfig) => rulePriority(s.albPathPatterns ?? [], props.services.indexOf(s));
    const ordered = [...fronted].sort((a, b) => priorityOf(a) - priorityOf(b));
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
    const routes: ServiceRoute[] = ordered.map((s) => {
      const groups = this.targetGroups[s.name];
      return {
        service: s.name,
        pathPatterns: orderPathPatterns(s.albPathPatterns ?? []),
        targetGroupArn: groups.primary.arn,
        idleTargetGroupArn: groups.alternate?.arn,
        priority: priorityOf(s),
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
