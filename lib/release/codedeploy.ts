import { CreateDeploymentCommand, GetDeploymentCommand, type CodeDeployClient } from "@aws-sdk/client-codedeploy";

export interface BlueGreenTarget {
  /** CodeDeploy application and deployment group (both named like the ECS service). */
  readonly application: string;
  readonly deploymentGroup: string;
  readonly appSpec: string;
  readonly description: string;
}

export interface WaitOptions {
  readonly pollSeconds: number;
  readonly timeoutMinutes: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
}

/** Starts a blue/green deployment; returns its ID. */
export async function createBlueGreenDeployment(codedeploy: CodeDeployClient, target: BlueGreenTarget): Promise<string> {
  const { deploymentId } = await codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: target.application,
      deploymentGroupName: target.deploymentGroup,
      description: target.description,
      revision: { revisionType: "AppSpecContent", appSpecContent: { content: target.appSpec } },
    }),
  );
  if (!deploymentId) throw new Error(`CodeDeploy returned no deployment ID for ${target.deploymentGroup}`);
  return deploymentId;
}

/**
 * Waits until the deployment succeeds. A failed or stopped deployment throws with CodeDeploy's
 * reason; the deployment group's auto-rollback (failure, alarm) has then moved traffic back.
 */
export async function waitForDeployment(codedeploy: CodeDeployClient, deploymentId: string, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMinutes * 60_000;
  let last: string | undefined;
  for (;;) {
    const { deploymentInfo: info } = await codedeploy.send(new GetDeploymentCommand({ deploymentId }));
    const status = info?.status ?? "Unknown";
    if (status !== last) options.log(`  ${deploymentId}: ${status}`);
    last = status;
    if (status === "Succeeded") return;
    if (status === "Failed" || status === "Stopped") {
      const reason = info?.errorInformation?.message ?? "no error information";
      const rollback = info?.rollbackInfo?.rollbackDeploymentId ? `; rolled back by ${info.rollbackInfo.rollbackDeploymentId}` : "";
      throw new Error(`CodeDeploy deployment ${deploymentId} ${status.toLowerCase()}: ${reason}${rollback}`);
    }
    if (Date.now() >= deadline) {
      throw new Error(`CodeDeploy deployment ${deploymentId} still ${status} after ${options.timeoutMinutes} min; it goes on, watch it with aws deploy get-deployment`);
    }
    await options.sleep(options.pollSeconds * 1000);
  }
}
