import t from 'tap';
import { uuidv7 } from '../../src/lib/uuid7.js';

t.test('UUIDv7 ids are valid and strictly increasing, even within one millisecond', async (t) => {
  const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
  t.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)));
  t.same([...ids].sort(), ids, 'sorted as generated');
  t.equal(new Set(ids).size, ids.length);
  t.ok(uuidv7(1_800_000_000_000) > ids[ids.length - 1]!, 'later time sorts later');
});
