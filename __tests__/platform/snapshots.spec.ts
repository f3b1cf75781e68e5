import { PROFILE_NAMES } from "../../config/types";
import { configFor, snapshotView, synthPlatform } from "../support/synth";

/**
 * One snapshot per stack per profile, without the terraform block (provider versions,
 * backend) so upgrades do not churn them. Review renames in a snapshot diff carefully:
 * a changed construct path is a replaced resource. The properties that matter are
 * asserted in the per-stack tests; this catches everything else that moves.
 */
describe.each(PROFILE_NAMES)("%s", (profile) => {
  const platform = synthPlatform(configFor(profile));
  it.each(Object.keys(platform))("%s stack", (stack) => {
    expect(snapshotView(platform[stack])).toMatchSnapshot();
  });
});
