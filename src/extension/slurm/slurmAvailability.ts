import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Whether Slurm's sbatch is on this host's PATH (the login node of a cluster): looked up in
 * PATH's folders, without starting a process, so it is safe in an untrusted workspace.
 * It decides whether Run on Slurm is offered in code lenses and the palette.
 */
export function sbatchOnPath(path = process.env.PATH ?? ''): boolean {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, 'sbatch'), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}
