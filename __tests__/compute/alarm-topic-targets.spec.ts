import { Testing } from "cdktf";
import { AlarmTopic } from "../../constructs/compute/alarm-topic";
import { resourcesOf, type TfJson } from "../support/synth";

const synth = (props: Partial<ConstructorParameters<typeof AlarmTopic>[2]>): TfJson =>
  JSON.parse(
    Testing.synthScope((scope) => {
      new AlarmTopic(scope, "alarm-topic", { name: "payment-alarms-prod", accountId: "123456789012", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k", ...props });
    }),
  );

describe("AlarmTopic notification targets", () => {
  it("subscribes every address by email and an HTTPS endpoint", () => {
    const json = synth({ emails: ["oncall@acme.io", "payments@acme.io"], httpsEndpoint: "https://events.pagerduty.com/x" });
    const subscriptions = resourcesOf(json, "aws_sns_topic_subscription").map(([, s]) => [s.protocol, s.endpoint]);
    expect(subscriptions).toEqual([
      ["email", "oncall@acme.io"],
      ["email", "payments@acme.io"],
      ["https", "https://events.pagerduty.com/x"],
    ]);
    expect(resourcesOf(json, "aws_sns_topic_subscription").map(([name]) => name)).toMatchSnapshot();
  });

  it("keys each email subscription by its address, so reordering replaces none", () => {
    const ids = (emails: string[]) => resourcesOf(synth({ emails }), "aws_sns_topic_subscription").map(([name]) => name).sort();
    expect(ids(["b@acme.io", "a@acme.io"])).toEqual(ids(["a@acme.io", "b@acme.io"]));
  });

  it("subscribes nobody without targets", () => {
    expect(resourcesOf(synth({}), "aws_sns_topic_subscription")).toEqual([]);
  });
});
