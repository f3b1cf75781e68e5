/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // swc strips types only (about 2x faster than ts-jest); `npm run typecheck` type-checks.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  collectCoverageFrom: ["config/**/*.ts", "constructs/**/*.ts", "stacks/**/*.ts", "lib/**/*.ts", "main.ts"],
  coverageReporters: ["text-summary", "lcov"],
  maxWorkers: 2,
};
