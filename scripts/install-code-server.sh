#!/usr/bin/env bash
# Installs code-server (a real VS Code that runs on Node 20 and is driven through a browser) into
# .cache/code-server for the end-to-end tests. Idempotent: does nothing when that version is there.
# Needs Debian's libkrb5-dev (kerberos build) and ripgrep (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.100.3 # the newest code-server that runs on Node 20 (4.103+ need Node 22)
ripgrep_version=1.15.11
target=.cache/code-server
binary="$target/node_modules/code-server/out/node/entry.js"

installed_version() {
  node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$PWD/$target/node_modules/code-server/package.json"
}

if [ -f "$binary" ] && [ "$(installed_version)" = "$version" ]; then
  echo "code-server $version already installed in $target"
  exit 0
fi

for tool in rg; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' is missing: apt-get install ripgrep" >&2; exit 1; }
done
[ -f /usr/include/krb5.h ] || [ -f /usr/include/gssapi/gssapi.h ] || {
  echo "install-code-server: kerberos headers are missing: apt-get install libkrb5-dev" >&2; exit 1;
}

# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here; it uses a
# tarball from its cache folder when one exists, so hand it Debian's rg.
tmp="${TMPDIR:-/tmp}"
cache="$tmp/vscode-ripgrep-cache-$ripgrep_version"
mkdir -p "$cache"
tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

rm -rf "$target"
mkdir -p "$target"
echo '{"name":"fluke-e2e-code-server","private":true}' > "$target/package.json"
# node-pty's postinstall calls npx (npm_config_yes answers its prompt); as root npm needs --unsafe-perm.
echo "installing code-server $version into $target (about a minute)"
npm_config_yes=true npm install --prefix "$target" --no-audit --no-fund --no-save --unsafe-perm \
  "code-server@$version"

[ -f "$binary" ] || { echo "install-code-server: $binary is missing after npm install" >&2; exit 1; }
echo "code-server $(installed_version) installed in $target"
