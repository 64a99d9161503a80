import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blasNote, referenceName, type ReferenceEnvironment } from './referenceEnvironment';

const environment: ReferenceEnvironment = {
  versions: { python: '3.11.2', faiss: '1.7.3' },
  blas: [
    { internal_api: 'openblas', version: '0.3.21', architecture: 'Haswell', threading_layer: 'pthreads', num_threads: 2 },
    { internal_api: 'openmp', version: null, architecture: null, threading_layer: null, num_threads: 2 },
  ],
  openblasCoretype: 'Haswell',
};

test('the label comes from the version the reference reported', () => {
  assert.equal(referenceName(environment, 'faiss'), 'faiss 1.7.3');
  assert.equal(referenceName(environment, 'sklearn', 'scikit-learn'), 'scikit-learn (version unknown)');
});

test('the BLAS note names each pool and the core type', () => {
  assert.equal(blasNote(environment), 'openblas 0.3.21 Haswell 2 threads; openmp 2 threads, OPENBLAS_CORETYPE=Haswell');
  assert.equal(blasNote({ ...environment, blas: [], openblasCoretype: null }), 'no BLAS loaded, OPENBLAS_CORETYPE=unset');
});
