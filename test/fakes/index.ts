// All five network fakes at once, for engine tests, benchmarks and manual walkthroughs.
import { startFacebookFake, type FacebookFake, type FacebookFakeOptions } from './facebook-fake.js';
import { startLinkedinFake, type LinkedinFake, type LinkedinFakeOptions } from './linkedin-fake.js';
import { startOkFake, type OkFake, type OkFakeOptions } from './ok-fake.js';
import { startTelegramFake, type TelegramFake, type TelegramFakeOptions } from './telegram-fake.js';
import { startVkFake, type VkFake, type VkFakeOptions } from './vk-fake.js';

export * from './http-fake-server.js';
export * from './telegram-fake.js';
export * from './vk-fake.js';
export * from './facebook-fake.js';
export * from './linkedin-fake.js';
export * from './ok-fake.js';

export interface AllFakesOptions {
  telegram?: TelegramFakeOptions;
  vk?: VkFakeOptions;
  facebook?: FacebookFakeOptions;
  linkedin?: LinkedinFakeOptions;
  ok?: OkFakeOptions;
  // Shorthand: turn every fake's rate limits off (throughput benchmarks).
  limits?: false;
  host?: string;
}

export interface AllFakes {
  telegram: TelegramFake;
  vk: VkFake;
  facebook: FacebookFake;
  linkedin: LinkedinFake;
  ok: OkFake;
  urls: { telegram: string; vk: string; facebook: string; linkedin: string; ok: string };
  // Spread into createAdapters({ timeoutMs, ...fakes.adapterConfig }).
  adapterConfig: { [K in 'telegram' | 'vk' | 'facebook' | 'linkedin' | 'ok']: { baseUrl: string } };
  reset(): void;
  close(): Promise<void>;
}

export async function startAllFakes(opts: AllFakesOptions = {}): Promise<AllFakes> {
  const common = { host: opts.host, ...(opts.limits === false ? { limits: false as const } : {}) };
  const [telegram, vk, facebook, linkedin, ok] = await Promise.all([
    startTelegramFake({ ...common, ...opts.telegram }),
    startVkFake({ ...common, ...opts.vk }),
    startFacebookFake({ ...common, ...opts.facebook }),
    startLinkedinFake({ ...common, ...opts.linkedin }),
    startOkFake({ ...common, ...opts.ok }),
  ]);
  const all = [telegram, vk, facebook, linkedin, ok];
  return {
    telegram,
    vk,
    facebook,
    linkedin,
    ok,
    urls: { telegram: telegram.url, vk: vk.url, facebook: facebook.url, linkedin: linkedin.url, ok: ok.url },
    adapterConfig: {
      telegram: { baseUrl: telegram.url },
      vk: { baseUrl: vk.url },
      facebook: { baseUrl: facebook.url },
      linkedin: { baseUrl: linkedin.url },
      ok: { baseUrl: ok.url },
    },
    reset: () => all.forEach((f) => f.reset()),
    close: async () => void (await Promise.all(all.map((f) => f.close()))),
  };
}
