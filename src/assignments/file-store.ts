import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

const STORED_NAME = /^[0-9a-f]{32}$/;

/**
 * Attachments on disk under UPLOAD_DIR, outside the web root, each under 32 random hex digits:
 * the student's own file name never reaches the file system.
 */
@Injectable()
export class FileStore {
  private readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = config.uploadDir;
  }

  /** Writes the content under a new name and returns that name with the content's SHA-256. */
  async write(content: Buffer): Promise<{ storedName: string; sha256: string }> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const storedName = randomBytes(16).toString('hex');
    // "wx": never replace a file that is already there.
    await fs.writeFile(this.path(storedName), content, { flag: 'wx', mode: 0o600 });
    return { storedName, sha256: createHash('sha256').update(content).digest('hex') };
  }

  /** Removes files whose rows were never written; a file already gone is fine. */
  async remove(storedNames: string[]): Promise<void> {
    await Promise.all(storedNames.map((name) => fs.rm(this.path(name), { force: true })));
  }

  path(storedName: string): string {
    if (!STORED_NAME.test(storedName)) throw new Error(`Not a stored file name: ${storedName}`);
    return path.join(this.dir, storedName);
  }
}
