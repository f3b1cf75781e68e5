import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { crc32 as nodeCrc32 } from "node:zlib";
import { Testing, TerraformOutput, TerraformStack } from "cdktf";
import * as yauzl from "yauzl";
import { DATABASE_ROLES_CODE } from "../../constructs/data/database-roles";
import { crc32, ZipAsset, zipFolder } from "../../constructs/zip-asset";

/** Each entry of an archive as an independent reader (yauzl) sees it. */
interface ZipEntry {
  name: string;
  mode: number;
  dosDateTime: [number, number];
  data: Buffer;
}

async function readZip(archive: Buffer): Promise<ZipEntry[]> {
  const zip = await yauzl.fromBufferPromise(archive, { validateEntrySizes: true, strictFileNames: true });
  const entries: ZipEntry[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.push({ name: entry.fileName, mode: entry.externalFileAttributes >>> 16, dosDateTime: [entry.lastModFileDate, entry.lastModFileTime], data: Buffer.concat(chunks) });
  }
  return entries;
}

describe("ZipAsset", () => {
  const sources = fs.readdirSync(DATABASE_ROLES_CODE).sort();

  it("archives every file of the folder at the root, byte for byte, as regular 0644 files", async () => {
    const entries = await readZip(zipFolder(DATABASE_ROLES_CODE));
    expect(entries.map((e) => e.name)).toEqual(sources);
    for (const entry of entries) {
      expect(entry.data.equals(fs.readFileSync(path.join(DATABASE_ROLES_CODE, entry.name)))).toBe(true);
      expect(entry.mode).toBe(0o100644);
      expect(entry.dosDateTime).toEqual([0x21, 0]); // 1980-01-01 00:00
    }
  });

  it("is reproducible: same bytes for the same files, whatever their timestamps", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "payment-zip-"));
    for (const name of sources) fs.copyFileSync(path.join(DATABASE_ROLES_CODE, name), path.join(copy, name));
    fs.utimesSync(path.join(copy, sources[0]), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(zipFolder(copy).equals(zipFolder(DATABASE_ROLES_CODE))).toBe(true);
    fs.appendFileSync(path.join(copy, sources[0]), "\n");
    expect(zipFolder(copy).equals(zipFolder(DATABASE_ROLES_CODE))).toBe(false);
  });

  it("computes the CRC-32 zip readers check", () => {
    for (const text of ["", "a", "payment-platform", "x".repeat(10_000)]) expect(crc32(Buffer.from(text))).toBe(nodeCrc32(Buffer.from(text)));
  });

  it("refuses a folder without files", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "payment-zip-"));
    expect(() => zipFolder(empty)).toThrow(`${empty}: no files to archive`);
  });

  it("copies the archive into the stack's assets at synthesis; its hash is the archive's SHA-256", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "payment-zip-out-"));
    const app = Testing.app({ outdir, stackTraces: false });
    const stack = new TerraformStack(app, "asset");
    const asset = new ZipAsset(stack, "code", { directory: DATABASE_ROLES_CODE });
    new TerraformOutput(stack, "path", { value: asset.path });
    app.synth();
    const copied = fs.readFileSync(path.join(outdir, "stacks", "asset", asset.path));
    expect(copied.equals(zipFolder(DATABASE_ROLES_CODE))).toBe(true);
    expect(asset.sha256).toBe(createHash("sha256").update(copied).digest("base64"));
    expect(asset.path).toMatch(/^assets\/code_archive_[0-9A-F]{8}\/[0-9A-F]{32}\/archive\.zip$/);
  });
});
