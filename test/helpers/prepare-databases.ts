// Run by scripts/test.mjs before each lane: builds the migrated template once, so test files
// running in parallel only clone it.
import { currentLane, preparePgliteTemplate, preparePostgresTemplate } from './database-lanes.js';

if (currentLane() === 'pglite') await preparePgliteTemplate();
else await preparePostgresTemplate();
