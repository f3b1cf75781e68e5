import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { Construct } from "constructs";

/** Requests for one service: its path patterns, and the group(s) they go to. */
export interface ServiceRoute {
  readonly service: string;
  readonly pathPatterns: readonly string[];
  readonly targetGroupArn: string;
  /** Blue/green: the idle group, attached with weight 0 so CodeDeploy can register the next
   *  task set behind it (the shape CodeDeploy itself leaves after each deployment). */
  readonly idleTargetGroupArn?: string;
  /** Unique on the listener; lower = evaluated first. */
  readonly priority: number;
}

export interface ListenerRulesProps {
  readonly listenerArn: string;
  readonly routes: readonly ServiceRoute[];
  /** Header CloudFront adds; requests without it never reach a service. */
  readonly originHeader: { readonly name: string; readonly value: string };
  /** CodeDeploy rewrites the forward action of every rule pointing at a deployment group's
   *  target groups (to a weighted forward); Terraform must not undo that. */
  readonly actionsManagedByCodeDeploy: boolean;
}

/** Priority of the ALB's own health answer: ahead of every service route. */
export const HEALTH_RULE_PRIORITY = 1;

/**
 * Routes of one listener: `/health` answers 200 from the ALB itself, each service's paths
 * forward only with the origin header, and everything else hits the listener's default 404.
 */
export class ListenerRules extends Construct {
  readonly byService: Readonly<Record<string, LbListenerRule>>;

  constructor(scope: Construct, id: string, props: ListenerRulesProps) {
    super(scope, id);
    new LbListenerRule(this, "health", {
      listenerArn: props.listenerArn,
      priority: HEALTH_RULE_PRIORITY,
      condition: [{ pathPattern: { values: ["/health"] } }],
      action: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200", messageBody: "ok" } }],
    });
    const byService: Record<string, LbListenerRule> = {};
    for (const route of props.routes) {
      byService[route.service] = new LbListenerRule(this, route.service, {
        listenerArn: props.listenerArn,
        priority: route.priority,
        condition: [
          { pathPattern: { values: [...route.pathPatterns] } },
          { httpHeader: { httpHeaderName: props.originHeader.name, values: [props.originHeader.value] } },
        ],
        action: [
          route.idleTargetGroupArn
            ? {
                type: "forward",
                forward: {
                  targetGroup: [
                    { arn: route.targetGroupArn, weight: 100 },
                    { arn: route.idleTargetGroupArn, weight: 0 },
                  ],
                },
              }
            : { type: "forward", targetGroupArn: route.targetGroupArn },
        ],
        ...(props.actionsManagedByCodeDeploy ? { lifecycle: { ignoreChanges: ["action"] } } : {}),
      });
    }
    this.byService = byService;
  }
}
