// What both ATS mapping tests ask of an action: that it is an upsert, or that mapping threw the mapping error.
import { AtsMappingError, type AtsAction } from '../../src/ats/connector-kind.js';

export function upsertOf(action: AtsAction) {
  if (action.kind !== 'upsert') throw new Error(`expected an upsert, got ${JSON.stringify(action)}`);
  return action;
}

export function mappingError(fn: () => unknown): AtsMappingError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AtsMappingError) return err;
    throw err;
  }
  throw new Error('expected an AtsMappingError, nothing was thrown');
}
