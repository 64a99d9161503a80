import { test } from 'node:test';
import assert from 'node:assert/strict';
import { panelContentSecurityPolicy, panelPage } from './panelPage';

const page = panelPage({
  name: 'compare',
  title: 'Compare <Runs>',
  cspSource: 'https://x.vscode-cdn.net',
  nonce: 'abc123==',
  assetUri: (file) => `https://x.vscode-cdn.net/ext/dist/webview/${file}`,
});

test('the CSP allows nothing by default, no inline script, no eval', () => {
  const csp = panelContentSecurityPolicy('https://x.vscode-cdn.net', 'abc123==');
  const directives = new Map(csp.split('; ').map((part) => [part.split(' ')[0]!, part.split(' ').slice(1)]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'nonce-abc123=='"]);
  assert.deepEqual(directives.get('img-src'), ['https://x.vscode-cdn.net', 'data:']);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  assert.ok(page.includes(`content="${csp}"`));
});

test('every script and stylesheet carries the nonce and loads from dist/webview', () => {
  const scripts = [...page.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]!, /nonce="abc123=="/);
  assert.match(scripts[0]!, /src="https:\/\/x\.vscode-cdn\.net\/ext\/dist\/webview\/compare\.js"/);
  const links = [...page.matchAll(/<link([^>]*)>/g)].map((m) => m[1]!);
  assert.deepEqual(links.map((l) => /href="[^"]*\/([^/"]+)"/.exec(l)?.[1]), ['codicon.css', 'compare.css']);
  for (const link of links) assert.match(link, /nonce="abc123=="/);
  assert.ok(!/ style=/.test(page), 'no inline style attribute');
});

test('the title is escaped', () => {
  assert.match(page, /<title>Compare &lt;Runs></);
});
