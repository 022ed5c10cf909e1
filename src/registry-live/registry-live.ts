// The registry made live, wired: one inspector per network, the runner that gives their calls turns
// on the shared limiter, and the services behind the routes and the weekly sweep.
import type { Db } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Adapters, Credentials, NetworkName } from '../networks/index.js';
import type { LimitedCalls } from '../ratelimit/limited-call.js';
import type { AccountRow } from '../repositories/account-repo.js';
import { createAssistedInspector } from './assisted-inspector.js';
import { createGroupVerification } from './group-verification.js';
import { createInspectionRunner } from './inspection-runner.js';
import type { NetworkInspector } from './inspector.js';
import { createLinkImport, type ImportLog } from './link-import.js';
import { createOkInspector } from './ok-inspector.js';
import { createTelegramInspector } from './telegram-inspector.js';
import { createVerifySweep } from './verify-sweep.js';
import { createVkInspector } from './vk-inspector.js';

export function createRegistryLive(deps: { db: Db; jobs: JobQueue; adapters: Adapters; calls: LimitedCalls; unseal(account: AccountRow): Credentials; log: ImportLog }) {
  const inspectors: Record<NetworkName, NetworkInspector> = {
    telegram: createTelegramInspector(deps.adapters),
    vk: createVkInspector(deps.adapters),
    ok: createOkInspector(deps.adapters),
    facebook: createAssistedInspector('facebook'),
    linkedin: createAssistedInspector('linkedin'),
  };
  const runner = createInspectionRunner({ db: deps.db, calls: deps.calls, inspectors, unseal: deps.unseal });
  const verification = createGroupVerification({ db: deps.db, runner });
  const imports = createLinkImport({ db: deps.db, jobs: deps.jobs, runner, verification, log: deps.log });
  const sweep = createVerifySweep({ db: deps.db, jobs: deps.jobs, verification });
  return { inspectors, verification, imports, handlers: sweep.handlers };
}

export type RegistryLive = ReturnType<typeof createRegistryLive>;
