import js from "@eslint/js";
import tseslint from "typescript-eslint";

const deepImportPaths = [
  { name: "@cdktf/provider-aws", message: "Import the resource by deep path (@cdktf/provider-aws/lib/<resource>): the package root loads all ~2,100 modules (~4 s, ~400 MiB)." },
  { name: "@cdktf/provider-aws/lib", message: "Import the resource by deep path (@cdktf/provider-aws/lib/<resource>)." },
  { name: "@cdktf/provider-random", message: "Import by deep path (@cdktf/provider-random/lib/<resource>)." },
];
const deepImportPatterns = [{ group: ["@cdktf/provider-aws/lib/index", "@cdktf/provider-random/lib/index"], message: "Import by deep path, not the index." }];

/** Imports run downward only: scripts -> main -> stacks -> constructs -> config. */
const layer = (files, forbidden) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      {
        paths: deepImportPaths,
        patterns: [...deepImportPatterns, { group: forbidden, message: "Imports run downward only: scripts -> main -> stacks -> constructs -> config." }],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", ".gen/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs", "**/*.js"],
    rules: {
      "no-restricted-imports": ["error", { paths: deepImportPaths, patterns: deepImportPatterns }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  layer(["config/**/*.ts"], ["**/constructs/**", "**/stacks/**", "**/scripts/**", "**/main"]),
  layer(["constructs/**/*.ts"], ["**/stacks/**", "**/scripts/**", "**/main"]),
  layer(["stacks/**/*.ts"], ["**/scripts/**", "**/main"]),
  {
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { URL: "readonly", console: "readonly", process: "readonly" } },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly", __dirname: "readonly", process: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
