// The registry: health per network and mode with the next action, the groups of one network with
// a way to find and set each one's address, and a list of links imported at once.
import { useState } from 'preact/hooks';
import { all, api, safeHref } from '../api.js';
import { t, word } from '../i18n.js';
import type { CandidateAnswer, Group, Health, ImportLine, Mode, Network } from '../types.js';
import { useAction } from '../parts/action.js';
import { Done, Loading, ProblemText } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

const NETWORKS: Network[] = ['telegram', 'vk', 'ok', 'facebook', 'linkedin'];

export function RegistryPage() {
  const m = t();
  const [network, setNetwork] = useState<Network>('telegram');
  const health = useLoad(() => api<Health>('GET', '/v1/registry/health'), []);
  // Tagged with its network: the previous network's groups are not shown while the next load.
  const groups = useLoad(async () => ({ network, items: await all<Group>(`/v1/groups?network=${network}`, 1000) }), [network]);
  const reload = () => {
    health.reload();
    groups.reload();
  };
  return (
    <section aria-labelledby="registry-title">
      <h1 id="registry-title">{m.registryTitle}</h1>
      <h2>{m.health}</h2>
      {health.loading && !health.data && <Loading />}
      <ProblemText error={health.error} />
      {health.data && <HealthTable health={health.data} />}

      <h2 id="groups-title">{m.groups}</h2>
      <label for="network-filter">{m.filterNetwork}</label>
      <select id="network-filter" value={network} onChange={(e) => setNetwork((e.target as HTMLSelectElement).value as Network)}>
        {NETWORKS.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      {groups.loading && groups.data?.network !== network && <Loading />}
      <ProblemText error={groups.error} />
      <ul class="items groups" aria-labelledby="groups-title">
        {groups.data?.network === network &&
          groups.data.items.map((g) => (
          <GroupItem key={g.id} group={g} onChanged={reload} />
        ))}
      </ul>
      <ImportLinks onImported={reload} />
    </section>
  );
}

function HealthTable({ health }: { health: Health }) {
  const m = t();
  const states = [...new Set(health.networks.flatMap((n) => Object.keys(n.states)))];
  return (
    <div class="scroll">
      <table class="data" data-testid="health">
        <thead>
          <tr>
            <th scope="col">{m.network}</th>
            <th scope="col">{m.mode}</th>
            <th scope="col" class="num">{m.total}</th>
            {states.map((s) => (
              <th scope="col" key={s} class="num">
                {word(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {health.networks.map((n) => (
            <tr key={`${n.network}-${n.mode}`}>
              <th scope="row">{n.network}</th>
              <td>{word(n.mode)}</td>
              <td class="num">{n.total}</td>
              {states.map((s) => {
                const cell = n.states[s];
                return (
                  <td key={s} class="num" title={cell?.nextAction}>
                    {cell ? cell.groups : 0}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{m.nextActions}</h3>
      <ul class="items" data-testid="next-actions">
        {states
          .filter((s) => s !== 'postable' && (health.totals[s] ?? 0) > 0)
          .map((s) => (
            <li key={s}>
              <strong>{word(s)}</strong> <span class="count">{health.totals[s]}</span>
              <div class="muted">{health.states[s]}</div>
            </li>
          ))}
      </ul>
    </div>
  );
}

function GroupItem({ group, onChanged }: { group: Group; onChanged: () => void }) {
  const m = t();
  const [open, setOpen] = useState(false);
  return (
    <li data-group={group.slug}>
      <div class="group-line">
        <span lang={group.language}>{group.name}</span>{' '}
        <span class={`badge status-${group.status}`}>{word(group.status)}</span> <span class="muted">{word(group.mode)}</span>{' '}
        <span class="muted">{group.address ?? m.noAddress}</span>
        <button type="button" class="small" aria-expanded={open} onClick={() => setOpen(!open)}>
          {m.addressTools}
        </button>
      </div>
      {group.brokenReason && <div class="muted">{group.brokenReason}</div>}
      {open && <AddressFinder group={group} onSet={onChanged} />}
    </li>
  );
}

function AddressFinder({ group, onSet }: { group: Group; onSet: () => void }) {
  const m = t();
  const [typed, setTyped] = useState('');
  const [set, setSet] = useState<{ mode: Mode; why: string } | null>(null);
  // A link or @username is read; other words are a name to search for (VK searches; the API says
  // plainly where a network cannot). Nothing typed: the group's own name is searched.
  const find = useAction(() => {
    const text = typed.trim();
    const body = !text ? {} : looksLikeLink(text) ? { links: [text] } : { query: text };
    return api<CandidateAnswer>('POST', `/v1/groups/${group.id}/candidates`, body);
  });
  const choose = useAction(async (address: string) => {
    const answer = await api<{ mode: { mode: Mode; why: string } }>('POST', `/v1/groups/${group.id}/address`, { address });
    setSet(answer.mode);
    onSet();
    return answer;
  });
  const inputId = `address-${group.id}`;
  const searchLink = safeHref(find.result?.searchLink);
  return (
    <div class="finder">
      {/* Enter searches: setting an address is a deliberate second button, never a side effect of Enter. */}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void find.go();
        }}
      >
        <label for={inputId}>{m.address}</label>
        <input id={inputId} value={typed} placeholder="@channel, https://vk.com/…" aria-describedby={`${inputId}-hint`} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        <p id={`${inputId}-hint`} class="muted">
          {m.searchOrLink}
        </p>
        <div class="actions">
          <button type="submit" disabled={find.busy}>
            {m.findCandidates}
          </button>
          <button type="button" class="secondary" disabled={choose.busy || !typed.trim()} onClick={() => void choose.go(typed.trim())}>
            {m.setAddress}
          </button>
        </div>
      </form>
      <ProblemText error={find.error ?? choose.error} />
      {set && (
        <Done>
          {m.addressSet} <strong data-mode={set.mode}>{word(set.mode)}</strong>: {set.why}
        </Done>
      )}
      {find.result && (
        <div>
          <p class="muted">{find.result.capabilities}</p>
          {searchLink && (
            <p>
              <a href={searchLink} target="_blank" rel="noopener noreferrer">
                {m.searchOn}
              </a>
            </p>
          )}
          <h3>{m.candidates}</h3>
          <ul class="items" data-testid="candidates">
            {find.result.candidates.map((c) => (
              <li key={c.address}>
                <strong>{c.name}</strong> <span class="muted">{c.address}</span>
                {c.members !== null && (
                  <span class="muted">
                    {' '}
                    · {c.members} {m.members}
                  </span>
                )}
                <div class="muted">
                  {word(c.mode.mode)}: {c.mode.why}
                </div>
                <button type="button" class="small" disabled={choose.busy} onClick={() => void choose.go(c.address)}>
                  {m.useThis}
                </button>
              </li>
            ))}
            {find.result.refused.map((r) => (
              <li key={r.link} class="muted">
                {r.link}: {r.reason}
              </li>
            ))}
          </ul>
          {find.result.notes.map((n) => (
            <p key={n} class="muted">
              {n}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

function looksLikeLink(text: string): boolean {
  return /^@|^https?:\/\/|^(t\.me|telegram\.me|vk\.com|ok\.ru|www\.|facebook\.com|linkedin\.com)\//i.test(text);
}

function ImportLinks({ onImported }: { onImported: () => void }) {
  const m = t();
  const [text, setText] = useState('');
  const run = useAction(async () => {
    const report = await api<{ lines: ImportLine[] }>('POST', '/v1/groups/import-links', { text });
    onImported();
    return report;
  });
  return (
    <section class="block" aria-labelledby="import-title">
      <h2 id="import-title">{m.importLinks}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run.go();
        }}
      >
        <label for="import-text">{m.importHint}</label>
        <textarea id="import-text" rows={6} value={text} required onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        <button type="submit" disabled={run.busy}>
          {m.import}
        </button>
      </form>
      <ProblemText error={run.error} />
      {run.result && (
        <div class="scroll">
          <table class="data" data-testid="import-report">
            <thead>
              <tr>
                <th scope="col">{m.line}</th>
                <th scope="col">{m.outcome}</th>
                <th scope="col">{m.group}</th>
                <th scope="col">{m.detail}</th>
              </tr>
            </thead>
            <tbody>
              {run.result.lines.map((l) => (
                <tr key={l.line}>
                  <td class="num">{l.line}</td>
                  <td data-outcome={l.outcome}>{word(l.outcome)}</td>
                  <td>{l.name ?? l.input}</td>
                  <td>{l.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
