// Worker-thread side of fakes-thread.ts: starts the fakes and answers the main thread's questions.
import { parentPort, workerData } from 'node:worker_threads';
import { startAllFakes, type AllFakesOptions, type FakeCall, type FaultRule } from './index.js';

const fakes = await startAllFakes(workerData as AllFakesOptions);
const brief = (calls: FakeCall[]) => calls.map(({ method, target, token, time, result }) => ({ method, target, token, time, result }));

parentPort!.on('message', async (m: { id: number; type: string; payload?: { network: 'telegram' | 'vk'; rule: FaultRule } }) => {
  const reply = (value: unknown) => parentPort!.postMessage({ id: m.id, value });
  switch (m.type) {
    case 'urls':
      return reply(fakes.urls);
    case 'calls':
      return reply({ telegram: brief(fakes.telegram.calls), vk: brief(fakes.vk.calls) });
    case 'inject': {
      const { network, rule } = m.payload!;
      fakes[network].inject({ ...rule, times: rule.times === -1 ? Infinity : rule.times });
      return reply(undefined);
    }
    case 'reset':
      fakes.reset();
      return reply(undefined);
    case 'close':
      await fakes.close();
      return reply(undefined);
  }
});
