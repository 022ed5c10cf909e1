// Today: everything waiting for a person, each item one tap from where it is dealt with.
import { all, api } from '../api.js';
import { t, when } from '../i18n.js';
import { href } from '../router.js';
import type { Account, AssistedTask, Group, Post } from '../types.js';
import { Loading, ProblemText } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

interface Today {
  tasks: AssistedTask[];
  unknown: Post[];
  failed: Post[];
  held: Account[];
  broken: Group[];
}

async function loadToday(): Promise<Today> {
  const [tasks, unknown, failed, accounts, broken] = await Promise.all([
    all<AssistedTask>('/v1/assisted-tasks'),
    all<Post>('/v1/posts?status=unknown'),
    all<Post>('/v1/posts?status=failed'),
    api<{ items: Account[] }>('GET', '/v1/accounts'),
    all<Group>('/v1/groups?status=broken'),
  ]);
  return { tasks, unknown, failed, held: accounts.items.filter((a) => a.status === 'needs_reauth'), broken };
}

export function TodayPage() {
  const { data, error, loading } = useLoad(loadToday, []);
  const m = t();
  return (
    <section aria-labelledby="today-title">
      <h1 id="today-title">{m.todayTitle}</h1>
      {loading && <Loading />}
      <ProblemText error={error} />
      {data && (
        <>
          <Block title={m.assistedDue} count={data.tasks.length} id="tasks">
            {data.tasks.map((task) => (
              <li key={task.postId}>
                <a href={href.task(task.postId)}>
                  {m.postTo} «{task.groupName ?? task.group.name}»
                </a>{' '}
                <span class="muted">
                  {task.network} · {m.due} {when(task.dueAt)}
                </span>
              </li>
            ))}
          </Block>
          <Block title={m.unknownPosts} count={data.unknown.length} id="unknown">
            {data.unknown.map((p) => (
              <PostItem key={p.id} post={p} />
            ))}
          </Block>
          <Block title={m.failedPosts} count={data.failed.length} id="failed">
            {data.failed.map((p) => (
              <PostItem key={p.id} post={p} />
            ))}
          </Block>
          <Block title={m.heldAccounts} count={data.held.length} id="held">
            {data.held.map((a) => (
              <li key={a.id}>
                {a.name} <span class="muted">({a.network})</span>
                {a.lastCheckError && <div class="muted">{a.lastCheckError}</div>}
              </li>
            ))}
          </Block>
          <Block title={m.brokenGroups} count={data.broken.length} id="broken">
            {data.broken.map((g) => (
              <li key={g.id}>
                <a href={`${href.registry}`}>{g.name}</a> <span class="muted">({g.network})</span>
                {g.brokenReason && <div class="muted">{g.brokenReason}</div>}
              </li>
            ))}
          </Block>
        </>
      )}
    </section>
  );
}

function Block({ title, count, id, children }: { title: string; count: number; id: string; children: preact.ComponentChildren }) {
  return (
    <section class="block" aria-labelledby={`${id}-title`} data-block={id}>
      <h2 id={`${id}-title`}>
        {title} <span class="count">{count}</span>
      </h2>
      {count === 0 ? <p class="muted">{t().nothing}</p> : <ul class="items">{children}</ul>}
    </section>
  );
}

function PostItem({ post }: { post: Post }) {
  return (
    <li>
      <a href={href.post(post.id)}>«{post.group.name}»</a>{' '}
      <span class="muted">
        {post.network} · {when(post.dueAt)}
      </span>
      {post.lastError && <div class="muted">{post.lastError}</div>}
    </li>
  );
}
