import { runInstallCommand } from './runInstallCommand';

/** A member of the wheel whose path starts with `from` goes to `to` + the rest of its path. */
export interface WheelMapping {
  from: string;
  to: string;
}

// Python's zipfile, because python3 is needed for pip anyway and it streams each member
// (the wheel is 274 MB; only about a third of it is wanted).
const extractScript = `
import json, os, shutil, sys, zipfile
wheel, dest, mappings = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
written = 0
with zipfile.ZipFile(wheel) as archive:
    for info in archive.infolist():
        if info.is_dir():
            continue
        for m in mappings:
            if info.filename.startswith(m["from"]):
                target = os.path.join(dest, m["to"] + info.filename[len(m["from"]):])
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with archive.open(info) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                written += 1
                break
print(written)
`;

/** Extracts the mapped members of a wheel under `dest`; fails when none matched (a different wheel layout). */
export async function extractWheelMembers(python: string, wheel: string, dest: string, mappings: WheelMapping[], signal?: AbortSignal): Promise<number> {
  const output = await runInstallCommand({ command: python, args: ['-c', extractScript, wheel, dest, JSON.stringify(mappings)], cwd: dest, signal });
  const written = Number(output.trim());
  if (!(written > 0)) throw new Error(`${wheel}: none of ${mappings.map((m) => m.from).join(', ')} found in the wheel`);
  return written;
}
