// tap's --before script: build the migrated templates once, before test files run in parallel.
import { currentLane, preparePgliteTemplate, preparePostgresTemplate } from './database-lanes.js';

if (currentLane() === 'pglite') await preparePgliteTemplate();
else await preparePostgresTemplate();
