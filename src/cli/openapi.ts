// `npm run openapi`: writes openapi.yaml from the route schemas. Never edit the file by hand.
import { writeFileSync } from 'node:fs';
import { generateOpenApiYaml } from '../openapi-document.js';

const target = new URL('../../openapi.yaml', import.meta.url);
writeFileSync(target, await generateOpenApiYaml());
process.stdout.write(`openapi: wrote ${target.pathname}\n`);
