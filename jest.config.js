const os = require("node:os");

// Terraform and its provider plugins are Go programs: each runs threads for every core, beside
// two busy Jest workers. On the two-core CI machine that oversubscription cost ~7% more CPU
// and 2-4 s per run (help/performance.md); Go gets the cores the Jest workers leave, at least one.
process.env.GOMAXPROCS ??= String(Math.max(1, os.availableParallelism() - 2));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // swc strips types only (about 2x faster than ts-jest); `npm run typecheck` type-checks.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  setupFiles: ["<rootDir>/__tests__/support/stack-traces.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  collectCoverageFrom: ["config/**/*.ts", "constructs/**/*.ts", "stacks/**/*.ts", "lib/**/*.ts", "main.ts"],
  coverageProvider: "babel",
  coverageReporters: ["text-summary", "lcov"],
  // Everything that shapes the synthesized Terraform (config/, constructs/, stacks/) has every
  // function called and 99%+ of lines run. Statements and lines stop short of 100% only because
  // swc compiles each `export` into a getter that Istanbul counts on the declaration line without
  // it ever running (the functions themselves are 100% covered). "global" here means the files
  // outside those folders: lib/ (CLI plumbing whose untested branches handle a missing Terraform
  // or provider mirror) and main.ts (its entry block runs in child processes, see main.test.ts).
  coverageThreshold: {
    global: { statements: 85, branches: 55, functions: 85, lines: 85 },
    "./config/": { statements: 95, branches: 95, functions: 100, lines: 100 },
    "./constructs/": { statements: 95, branches: 90, functions: 100, lines: 99 },
    "./stacks/": { statements: 95, branches: 95, functions: 100, lines: 99 },
  },

  // Two workers for the two cores, plus one for the offline terraform plan, which spends its
  // time waiting on Terraform (a child process) and runs first (jest.sequencer.js).
  maxWorkers: 3,
  testSequencer: "<rootDir>/jest.sequencer.js",
  // Module registries of finished test files are freed late; recycling a worker that grew past this
  // (and the heap cap in package.json's test script, which makes V8 collect sooner) keeps each
  // Jest process under 500 MiB at the cost of a ~0.3 s restart. A heavy file (a platform's
  // synthesis) adds ~250 MiB to what its worker already holds: at 350 MB workers peaked at
  // 516 MiB, at 200 MB at 395 MiB (sampled every 100 ms over a whole `npm test`).
  workerIdleMemoryLimit: "200MB",
};
