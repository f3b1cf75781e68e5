import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Construct } from "constructs";

export interface ServiceTargetGroupsProps {
  readonly service: string;
  readonly vpcId: string;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly deregistrationDelaySeconds: number;
  readonly primaryName: string;
  /** Second group CodeDeploy shifts traffic to; absent for rolling services. */
  readonly alternateName?: string;
}

/** A target group with a label known at synthesis: `<service>` or `<service>-alt`. */
export interface LabelledTargetGroup {
  readonly label: string;
  readonly group: LbTargetGroup;
}

/** The target group(s) of one ALB-fronted service: identical except for the name. */
export class ServiceTargetGroups extends Construct {
  readonly primary: LbTargetGroup;
  readonly alternate?: LbTargetGroup;
  readonly all: readonly LabelledTargetGroup[];

  constructor(scope: Construct, id: string, props: ServiceTargetGroupsProps) {
    super(scope, id);
    const group = (groupId: string, name: string) =>
      new LbTargetGroup(this, groupId, {
        name,
        vpcId: props.vpcId,
        targetType: "ip",
        protocol: "HTTP",
        port: props.port,
        deregistrationDelay: String(props.deregistrationDelaySeconds),
        healthCheck: {
          enabled: true,
          path: props.healthCheckPath,
          protocol: "HTTP",
          interval: 30,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
          matcher: "200-399",
        },
      });
    this.primary = group("primary", props.primaryName);
    this.alternate = props.alternateName ? group("alternate", props.alternateName) : undefined;
    this.all = [
      { label: props.service, group: this.primary },
      ...(this.alternate ? [{ label: `${props.service}-alt`, group: this.alternate }] : []),
    ];
  }
}
