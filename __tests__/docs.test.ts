import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The README and the guides under help/ name npm scripts, files and sections of each other;
 * each of those must exist. package.json is read when the test runs, so a script added with
 * its documentation passes and a renamed one fails, naming the document.
 */
const ROOT = path.join(__dirname, "..");
/** Folders that are built or installed, never committed: a path into them names output, not a file. */
const GENERATED = new Set(["node_modules", "dist", "cdktf.out", "coverage", ".git", ".gen"]);

const documents = ["README.md", ...fs.readdirSync(path.join(ROOT, "help")).filter((f) => f.endsWith(".md")).map((f) => `help/${f}`)];
const text = (doc: string) => fs.readFileSync(path.join(ROOT, doc), "utf8");
const scripts = () => Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: object }).scripts);
const topLevel = new Set(fs.readdirSync(ROOT).filter((entry) => !GENERATED.has(entry)));

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchors(doc: string): Set<string> {
  const withoutCode = text(doc).replace(/```[\s\S]*?```/g, "");
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

/** Text outside fenced code blocks, where links and inline code are markdown. */
const prose = (doc: string) => text(doc).replace(/```[\s\S]*?```/g, "");

it("reads every guide", () => {
  expect(documents).toEqual(expect.arrayContaining(["README.md", "help/performance.md", "help/troubleshooting.md"]));
});

describe.each(documents)("%s", (doc) => {
  it("names only npm scripts package.json defines", () => {
    const named = [...text(doc).matchAll(/npm run (?:-s |--silent )?([a-z][\w:.-]*)/g)].map((m) => m[1]);
    const known = new Set(scripts());
    expect([...new Set(named)].filter((script) => !known.has(script))).toEqual([]);
  });

  it("links only to files and sections that exist", () => {
    const broken: string[] = [];
    for (const [, target] of prose(doc).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [file, anchor] = target.split("#");
      const resolved = file ? path.normalize(path.join(path.dirname(doc), file)) : doc;
      if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${target}: no file ${resolved}`);
      else if (anchor && resolved.endsWith(".md") && !anchors(resolved).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });

  it("names only repository paths that exist", () => {
    const paths = [...prose(doc).matchAll(/`([^`\s]+)`/g)]
      .map((m) => m[1].replace(/[.,:;]$/, ""))
      .filter((p) => /^\.?[\w-]+(\/[\w.-]+)+\/?$/.test(p) && topLevel.has(p.split("/")[0]));
    expect(paths.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });
});
