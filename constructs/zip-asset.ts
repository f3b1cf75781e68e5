import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deflateRawSync } from "node:zlib";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";

export interface ZipAssetProps {
  /** Folder whose files (no subfolders) become the archive's root entries. */
  readonly directory: string;
}

/**
 * A folder zipped in-process into a byte-for-byte reproducible archive (entries sorted, fixed
 * timestamps), copied into the stack's assets at synthesis. cdktf's own archive asset starts a
 * Node process per synthesis and stamps file times into the zip, so two syntheses of one
 * commit differ.
 */
export class ZipAsset extends Construct {
  /** The archive, relative to the stack's folder (the Lambda `filename`). */
  readonly path: string;
  /** base64 SHA-256 of the archive, what Lambda reports as CodeSha256. */
  readonly sha256: string;

  constructor(scope: Construct, id: string, props: ZipAssetProps) {
    super(scope, id);
    const archive = zipFolder(props.directory);
    const digest = createHash("sha256").update(archive).digest();
    this.sha256 = digest.toString("base64");
    const hex = digest.toString("hex");
    const asset = new TerraformAsset(this, "archive", {
      path: writeOnce(path.join(os.tmpdir(), "payment-platform-assets", hex, "archive.zip"), archive),
      type: AssetType.FILE,
      assetHash: hex.slice(0, 32).toUpperCase(),
    });
    this.path = asset.path;
  }
}

/** Writes `data` unless the file exists (its name is its content's hash), atomically. */
function writeOnce(file: string, data: Buffer): string {
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, data);
  fs.renameSync(partial, file);
  return file;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 1980-01-01 00:00, the earliest time a zip entry can carry (MS-DOS date 0x0021). */
const DOS_TIME = 0;
const DOS_DATE = 0x21;
/** Version 2.0 (deflate), made by Unix, so the external attributes below are file modes. */
const VERSION_NEEDED = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;

interface EntryFields {
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly nameLength: number;
}

/** The 26 bytes a local file header and its central directory entry share, in the same order. */
function writeSharedFields(header: Buffer, at: number, fields: EntryFields): void {
  header.writeUInt16LE(VERSION_NEEDED, at);
  header.writeUInt16LE(UTF8_NAMES, at + 2);
  header.writeUInt16LE(DEFLATE, at + 4);
  header.writeUInt16LE(DOS_TIME, at + 6);
  header.writeUInt16LE(DOS_DATE, at + 8);
  header.writeUInt32LE(fields.crc, at + 10);
  header.writeUInt32LE(fields.compressed, at + 14);
  header.writeUInt32LE(fields.size, at + 18);
  header.writeUInt16LE(fields.nameLength, at + 22);
}

/** A zip (PKWARE APPNOTE 6.3, no zip64) of the folder's regular files, sorted by name. */
export function zipFolder(directory: string): Buffer {
  const names = fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new Error(`${directory}: no files to archive`);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = fs.readFileSync(path.join(directory, name));
    const compressed = deflateRawSync(data, { level: 9 });
    const fileName = Buffer.from(name, "utf8");
    const fields = { crc: crc32(data), compressed: compressed.length, size: data.length, nameLength: fileName.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeSharedFields(local, 4, fields);
    locals.push(local, fileName, compressed);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(MADE_BY_UNIX, 4);
    writeSharedFields(entry, 6, fields);
    entry.writeUInt32LE(REGULAR_FILE_0644, 38);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, fileName);
    offset += local.length + fileName.length + compressed.length;
  }
  const directoryBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}
