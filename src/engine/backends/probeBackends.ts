import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../protocol/experiment';
import { activateBackend, backendPreference } from './selectBackend';

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  detail: string;
}

/**
 * For `fluke doctor`: which backends load on this machine and, for those that do not, why.
 * Loading one makes it active, so the backend active before the probe is restored after it.
 */
export async function probeBackends(): Promise<BackendProbe[]> {
  const before = tf.getBackend();
  const probes: BackendProbe[] = [];
  for (const name of backendPreference) {
    const result = await activateBackend(name, null);
    probes.push({ name, available: result.loaded, detail: result.detail });
  }
  const first = probes.find((probe) => probe.available);
  probes.unshift({ name: 'auto', available: first !== undefined, detail: first ? `would pick ${first.name}` : 'no backend loads' });
  if (before) await tf.setBackend(before);
  return probes;
}
