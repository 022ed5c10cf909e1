// The loader's job is to refuse a hand-edited registry with a message a person can act on.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { CHANNEL_FILES, DEFAULT_CHANNELS_DIR, loadChannels } from '../../src/registry/load-channels.js';

async function copyRegistry(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'channels-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const network of CHANNEL_FILES) {
    await copyFile(path.join(DEFAULT_CHANNELS_DIR, `${network}.json`), path.join(dir, `${network}.json`));
  }
  return dir;
}

async function editFile(dir: string, network: string, edit: (entries: any[]) => void): Promise<string> {
  const file = path.join(dir, `${network}.json`);
  const entries = JSON.parse(await readFile(file, 'utf8'));
  edit(entries);
  await writeFile(file, JSON.stringify(entries, null, 2));
  return file;
}

t.test('the default directory is the repository channels/ folder', async (t) => {
  t.match(DEFAULT_CHANNELS_DIR, /[/\\]channels[/\\]$/);
  t.equal((await loadChannels()).length, (await loadChannels(DEFAULT_CHANNELS_DIR)).length);
});

t.test('a bad field names file, entry, slug and field', async (t) => {
  const dir = await copyRegistry(t);
  const file = await editFile(dir, 'vk', (entries) => {
    entries[2].rules.postingHours.timeZone = 'Mars/Olympus';
  });
  const err = await loadChannels(dir).catch((e: Error) => e);
  t.type(err, Error);
  const message = (err as Error).message;
  t.ok(message.includes(file), message);
  t.match(message, /entry \[2\] \(slug "vk-vsya-tvorcheskaya-rabota-peterburg"\)/);
  t.match(message, /field "rules\.postingHours\.timeZone": must be an IANA time zone/);
});

t.test('cross-field rules surface with their field', async (t) => {
  const cases: Array<[string, (e: any) => void, RegExp]> = [
    ['assisted', (e) => (e.mode = 'api'), /field "mode": a facebook group can only be "assisted"/],
    ['needs_address', (e) => (e.status = 'active'), /field "status": must be "needs_address" while address is null/],
    ['prefix', (e) => (e.slug = 'vk-wrong-prefix'), /field "slug": must start with "facebook-"/],
    ['hours', (e) => (e.rules.postingHours.from = '9:00'), /field "rules\.postingHours\.from": must be HH:MM/],
    ['vocabulary', (e) => e.tags.professions.push('astronaut'), /field "tags\.professions\.\d+"/],
    ['unknown key', (e) => (e.adress = 'x'), /field "\(entry\)": Unrecognized key/],
  ];
  for (const [label, edit, expected] of cases) {
    const dir = await copyRegistry(t);
    await editFile(dir, 'facebook', (entries) => edit(entries[0]));
    await t.rejects(loadChannels(dir), expected, label);
  }
});

t.test('an entry in the wrong file is refused', async (t) => {
  const dir = await copyRegistry(t);
  await editFile(dir, 'ok', (entries) => {
    entries[0].network = 'vk';
    entries[0].slug = 'vk-moved';
  });
  await t.rejects(loadChannels(dir), /ok\.json: entry \[0\] \(slug "vk-moved"\): field "network": is "vk" but the file holds ok entries/);
});

t.test('a slug used twice across files is refused, naming both files', async (t) => {
  const dir = await copyRegistry(t);
  const first = JSON.parse(await readFile(path.join(dir, 'telegram.json'), 'utf8'))[0];
  await editFile(dir, 'telegram', (entries) => entries.push({ ...first, name: 'Копия' }));
  await t.rejects(loadChannels(dir), /telegram\.json: slug "telegram-rabota-v-media" is already used in .*telegram\.json/);
});

t.test('unreadable and malformed files are named', async (t) => {
  const dir = await copyRegistry(t);
  await writeFile(path.join(dir, 'linkedin.json'), '[{"slug": ');
  await t.rejects(loadChannels(dir), /linkedin\.json: cannot read registry file/);
  await writeFile(path.join(dir, 'linkedin.json'), '{}');
  await t.rejects(loadChannels(dir), /linkedin\.json: must be a JSON array/);
  await rm(path.join(dir, 'linkedin.json'));
  await t.rejects(loadChannels(dir), /linkedin\.json: cannot read registry file: ENOENT/);
});
