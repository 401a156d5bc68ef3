/**
 * The scans the operator attaches (seed 001 ¶11(6)): stored by their SHA-256, so the same file uploaded
 * twice is stored once and the signed form names exactly the bytes kept. In memory (tests, the embedded
 * default) or in a directory (DATA_DIR/counter-scans under `make start`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface StoredScan {
  sha256: string;
  sizeBytes: number;
}

export interface ScanStore {
  put(bytes: Buffer): Promise<StoredScan>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Of(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export class InMemoryScanStore implements ScanStore {
  private readonly scans = new Map<string, Buffer>();
  async put(bytes: Buffer): Promise<StoredScan> {
    const sha256 = sha256Of(bytes);
    this.scans.set(sha256, Buffer.from(bytes));
    return { sha256, sizeBytes: bytes.length };
  }
  async has(sha256: string): Promise<boolean> {
    return this.scans.has(sha256);
  }
}

export class DirectoryScanStore implements ScanStore {
  constructor(private readonly dir: string) {}
  async put(bytes: Buffer): Promise<StoredScan> {
    const sha256 = sha256Of(bytes);
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, sha256);
    // Content-addressed: write to a temporary name and rename, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, bytes, { mode: 0o600 });
    await fs.rename(tmp, file);
    return { sha256, sizeBytes: bytes.length };
  }
  async has(sha256: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return false;
    try {
      await fs.access(path.join(this.dir, sha256));
      return true;
    } catch {
      return false;
    }
  }
}
