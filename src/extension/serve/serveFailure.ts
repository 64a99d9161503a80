/** Why `fluke serve` could not run, told so the user knows what to change. */
export type ServeFailureKind = 'node-missing' | 'native-modules' | 'crashed';

export interface ServeFailure {
  kind: ServeFailureKind;
  message: string;
}

export interface ServeExit {
  /** The spawn error's code (ENOENT: no such executable). */
  spawnErrorCode: string | null;
  exitCode: number | null;
  signal: string | null;
  /** The last of what the process wrote on stderr. */
  stderr: string;
}

const nativeModuleSigns = [
  /NODE_MODULE_VERSION/,
  /was compiled against a different Node\.js version/,
  /invalid ELF header/,
  /Could not locate the bindings file/,
  /Cannot find module '(better-sqlite3|sharp)'/,
  /GLIBC_[0-9.]+' not found/,
  /ERR_DLOPEN_FAILED/,
];

export function classifyServeExit(exit: ServeExit, nodePath: string): ServeFailure {
  if (exit.spawnErrorCode === 'ENOENT' || exit.spawnErrorCode === 'EACCES') {
    return {
      kind: 'node-missing',
      message: `Fluke needs Node.js 20 or newer to read its store and train, and "${nodePath}" could not be run (${exit.spawnErrorCode}). Install Node.js or set "fluke.nodePath" to its full path.`,
    };
  }
  if (nativeModuleSigns.some((sign) => sign.test(exit.stderr))) {
    const detail = exit.stderr.split('\n').find((line) => nativeModuleSigns.some((sign) => sign.test(line)))?.trim() ?? '';
    return {
      kind: 'native-modules',
      message: `Fluke's native modules (better-sqlite3, sharp) do not load in "${nodePath}": ${detail}. Point "fluke.nodePath" at the Node.js they were built for, or rebuild them for this one (Fluke: Rebuild Native Modules, i.e. \`npm rebuild\` in the extension's folder).`,
    };
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
  const lastLine = exit.stderr.trim().split('\n').pop()?.trim();
  return { kind: 'crashed', message: `fluke serve ${how}${lastLine ? `: ${lastLine}` : ''}` };
}
