// The offline terraform plan (__tests__/terraform-plan.test.ts) mostly waits on its Terraform
// child process: started first, in a worker of its own, it overlaps the rest of the suite
// instead of adding to it. The other files keep Jest's order (slowest and failed first).
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = /terraform-plan\.test\.ts$/;

class PlanFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((t) => FIRST.test(t.path)), ...sorted.filter((t) => !FIRST.test(t.path))];
  }
}

module.exports = PlanFirstSequencer;
