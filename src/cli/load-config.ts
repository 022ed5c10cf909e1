import { ConfigError, parseEnv, type Env } from '../config/env.js';

/** Parses the environment or ends the process with a message naming each bad variable. */
export function loadConfigOrExit(): Env {
  try {
    return parseEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
