import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";

/** Where a topic's notifications go (config `alarms.notificationEmails` / `notificationHttpsEndpoint`). */
export interface NotificationTargets {
  /** Addresses subscribed by email; each must confirm the subscription AWS mails to it. */
  readonly emails?: readonly string[];
  /** An HTTPS endpoint (an incident tool's webhook); it must confirm the subscription too. */
  readonly httpsEndpoint?: string;
}

/** Subscribes every target to the topic, keyed by address so reordering the list replaces nothing. */
export function subscribeTargets(scope: Construct, topicArn: string, targets: NotificationTargets, provider?: TerraformProvider): void {
  for (const email of targets.emails ?? []) {
    new SnsTopicSubscription(scope, `email-${email}`, { topicArn, protocol: "email", endpoint: email, provider });
  }
  if (targets.httpsEndpoint) {
    new SnsTopicSubscription(scope, "https", { topicArn, protocol: "https", endpoint: targets.httpsEndpoint, provider });
  }
}
