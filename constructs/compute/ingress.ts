import { Construct } from "constructs";
import type { ServiceConfig } from "../../config/types";
import { ListenerRules, type ServiceRoute } from "./listener-rules";
import { PublicLoadBalancer } from "./load-balancer";
import { ServiceTargetGroups } from "./target-groups";

/** Listener rule priorities: service i (in config order) gets FIRST_SERVICE_PRIORITY + i. */
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
  /** Two target groups per service, a test listener, and listener actions left to CodeDeploy. */
  readonly blueGreen: boolean;
}

/** The ALB, the target groups of the ALB-fronted services, and the routes to them. */
export class ServiceIngress extends Construct {
  readonly loadBalancer: PublicLoadBalancer;
  readonly targetGroups: Readonly<Record<string, ServiceTargetGroups>>;
  readonly originRules: ListenerRules;
  readonly testRules?: ListenerRules;

  constructor(scope: Construct, id: string, props: ServiceIngressProps) {
    super(scope, id);
    const fronted = props.services.filter((s) => s.albPathPatterns);
    this.loadBalancer = new PublicLoadBalancer(this, "load-balancer", {
      name: props.albName,
      subnetIds: props.publicSubnetIds,
      securityGroupId: props.albSecurityGroupId,
      accessLogBucket: props.accessLogBucket,
      deletionProtection: props.deletionProtection,
      certificateArn: props.certificateArn,
      testListener: props.blueGreen,
    });
    this.targetGroups = Object.fromEntries(
      fronted.map((s) => [
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
    const routes = (alternate: boolean): ServiceRoute[] =>
      fronted.map((s) => {
        const groups = this.targetGroups[s.name];
        return {
          service: s.name,
          pathPatterns: s.albPathPatterns ?? [],
          targetGroupArn: (alternate && groups.alternate ? groups.alternate : groups.primary).arn,
          priority: FIRST_SERVICE_PRIORITY + props.services.indexOf(s),
        };
      });
    const common = { originHeader: props.originHeader, actionsManagedByCodeDeploy: props.blueGreen };
    const lb = this.loadBalancer;
    this.originRules = new ListenerRules(this, "origin-rules", { ...common, listenerArn: lb.originListener.arn, routes: routes(false) });
    if (lb.testListener) {
      // Test traffic starts on the idle group, which also attaches that group to the ALB.
      this.testRules = new ListenerRules(this, "test-rules", { ...common, listenerArn: lb.testListener.arn, routes: routes(true) });
    }
  }
}
