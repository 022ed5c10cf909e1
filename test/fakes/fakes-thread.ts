// The wire fakes on their own thread. In the benchmark's main thread they would share one event loop
// with the engine, whose PGlite runs every query synchronously there: a busy engine would then
// delay the fakes' clocks and answers, and the fakes would judge the engine's pacing by distorted
// arrival times. On a worker thread they see calls when the sockets deliver them, like a network.
import { Worker } from 'node:worker_threads';
import type { AllFakesOptions, FaultRule } from './index.js';

/** One logged call, without its parameters (they stay on the fakes' thread). */
export interface CallRecord {
  method: string;
  target?: string;
  token?: string;
  time: number;
  result: string;
}

export interface FakesThread {
  urls: { telegram: string; vk: string; facebook: string; linkedin: string; ok: string };
  calls(): Promise<{ telegram: CallRecord[]; vk: CallRecord[] }>;
  /** A fault on one fake (see FaultRule); `times: Infinity` does not cross threads, use -1. */
  inject(network: 'telegram' | 'vk', rule: FaultRule): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakesThread(options: AllFakesOptions): Promise<FakesThread> {
  // tsx's loader is not carried into worker threads: the worker registers it, then loads the fakes.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const fakesWorker = new URL('./fakes-thread-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(fakesWorker)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: options });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  worker.on('message', (m: { id: number; value: unknown }) => {
    pending.get(m.id)?.(m.value);
    pending.delete(m.id);
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  const ask = <T>(type: string, payload?: unknown): Promise<T> =>
    Promise.race([
      new Promise<T>((resolve) => {
        const id = next++;
        pending.set(id, resolve as (v: unknown) => void);
        worker.postMessage({ id, type, payload });
      }),
      failed,
    ]);
  const urls = await ask<FakesThread['urls']>('urls');
  return {
    urls,
    calls: () => ask('calls'),
    inject: (network, rule) => ask('inject', { network, rule: { ...rule, times: rule.times === Infinity ? -1 : rule.times } }),
    reset: () => ask('reset'),
    close: async () => {
      await ask('close');
      await worker.terminate();
    },
  };
}
