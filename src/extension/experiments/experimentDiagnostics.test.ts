import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentEditorDiagnostics } from './experimentDiagnostics';

function inFolder(run: (folder: string) => void) {
  return () => {
    const folder = mkdtempSync(join(tmpdir(), 'fluke-diag-'));
    try {
      run(folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
}

const at = (text: string, d: { offset: number; length: number }) => text.slice(d.offset, d.offset + d.length);

test(
  'a missing dataset path is an error on the path value',
  inFolder((folder) => {
    const text = '{\n  "data": { "path": "whales/train" },\n  "epochs": 3\n}\n';
    const [diagnostic, ...rest] = experimentEditorDiagnostics(text, join(folder, 'a.experiment.json'));
    assert.deepEqual(rest, []);
    assert.equal(diagnostic!.severity, 'error');
    assert.equal(diagnostic!.path, '/data/path');
    assert.equal(at(text, diagnostic!), '"whales/train"');
    assert.match(diagnostic!.message, /dataset path .*whales\/train does not exist/);
  }),
);

test(
  'an embedding size not divisible by the clusters is a warning on embeddingSize; one grid value can cause it',
  inFolder((folder) => {
    mkdirSync(join(folder, 'data'));
    const text = JSON.stringify({ data: { path: 'data' }, model: { embeddingSize: 60 }, grid: { 'method.clusters': [2, 8] } }, null, 2);
    const diagnostics = experimentEditorDiagnostics(text, join(folder, 'b.experiment.json'));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.severity, 'warning');
    assert.match(diagnostics[0]!.message, /embeddingSize 60 is not divisible by method\.clusters 8.*grid run "clusters=8"/);
    assert.equal(at(text, diagnostics[0]!), '60');
  }),
);

test(
  'schema errors (an unknown backend, a wrong type) are errors, and the other fields are still checked; syntax errors are left to VS Code',
  inFolder((folder) => {
    assert.deepEqual(experimentEditorDiagnostics('{ "data": ', join(folder, 'c.experiment.json')), []);
    mkdirSync(join(folder, 'data'));
    const text = '{ "runtime": { "backend": "cuda" }, "epochs": "many", "data": { "path": "data" }, "model": { "embeddingSize": 10 }, "method": { "clusters": 4 } }';
    const diagnostics = experimentEditorDiagnostics(text, join(folder, 'c.experiment.json'));
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.severity, at(text, d)]).sort(),
      [
        ['/epochs', 'error', '"many"'],
        ['/model/embeddingSize', 'warning', '10'],
        ['/runtime/backend', 'error', '"cuda"'],
      ],
    );
    assert.match(diagnostics.find((d) => d.path === '/runtime/backend')!.message, /must be one of "auto", "tensorflow-gpu"/);
    assert.deepEqual(experimentEditorDiagnostics('[]', join(folder, 'c.experiment.json')).map((d) => d.severity), ['error']);
  }),
);
