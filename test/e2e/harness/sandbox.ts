/**
 * One scenario's private folders: code-server's user data, extensions and XDG folders, the
 * browser profile and the workspace, all under one temporary root removed at the end, plus its
 * results folder (screenshots, logs) under test-results/e2e/<name>, which is kept.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { resultsRoot, sandboxMarkerVariable } from './paths';

export class Sandbox {
  readonly marker: string;
  readonly root: string;
  readonly results: string;

  constructor(readonly name: string) {
    this.marker = `${name}-${randomBytes(4).toString('hex')}`;
    this.root = mkdtempSync(join(tmpdir(), `fluke-e2e-${name}-`));
    this.results = join(resultsRoot, name);
    rmSync(this.results, { recursive: true, force: true });
    mkdirSync(this.results, { recursive: true });
  }

  /** A folder under the sandbox root, created. */
  folder(...parts: string[]): string {
    const path = join(this.root, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  }

  /** The environment every process of this scenario gets: private XDG folders and the marker. */
  environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      XDG_CONFIG_HOME: this.folder('xdg-config'),
      XDG_DATA_HOME: this.folder('xdg-data'),
      XDG_CACHE_HOME: this.folder('xdg-cache'),
      [sandboxMarkerVariable]: this.marker,
      ...extra,
    };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}
