// One post a person must decide about: an `unknown` (the network may have it) or a `failed` one.
import { useState } from 'preact/hooks';
import { api, safeHref } from '../api.js';
import { t, when, word } from '../i18n.js';
import { href } from '../router.js';
import type { Post } from '../types.js';
import { useAction } from '../parts/action.js';
import { Done, Loading, ProblemText } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

export function PostPage({ postId }: { postId: string }) {
  const m = t();
  const { data: post, error, loading, reload } = useLoad(() => api<Post>('GET', `/v1/posts/${postId}`), [postId]);
  const [permalink, setPermalink] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const act = useAction(async (path: string, body: unknown) => {
    const updated = await api<Post>('POST', `/v1/posts/${postId}/${path}`, body);
    setSaved(updated.status);
    reload();
    return updated;
  });
  if (loading && !post) return <Loading />;
  if (error) return <ProblemText error={error} />;
  if (!post) return null;
  const postLink = safeHref(post.permalink);
  const decidable = post.status === 'unknown' || post.status === 'failed' || post.status === 'awaiting_manual';
  return (
    <section aria-labelledby="post-title">
      <h1 id="post-title">
        {m.postTitle}: «{post.group.name}»
      </h1>
      <dl class="facts">
        <dt>{m.status}</dt>
        <dd data-testid="post-status" data-status={post.status}>
          {word(post.status)}
        </dd>
        <dt>{m.network}</dt>
        <dd>{post.network}</dd>
        <dt>{m.due}</dt>
        <dd>{when(post.dueAt)}</dd>
        {postLink && (
          <>
            <dt>{m.permalink}</dt>
            <dd>
              <a href={postLink} target="_blank" rel="noopener noreferrer">
                {post.permalink}
              </a>
            </dd>
          </>
        )}
        {post.lastError && (
          <>
            <dt>{m.lastError}</dt>
            <dd>{post.lastError}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={href.vacancy(post.vacancyId)}>{m.vacancyTitle}</a>
      </p>
      {saved && (
        <Done>
          {m.postUpdated} <strong data-status={saved}>{word(saved)}</strong>
        </Done>
      )}
      <ProblemText error={act.error} />
      {decidable && (
        <>
          {post.status === 'unknown' && <p>{m.unknownExplain}</p>}
          {post.status !== 'failed' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act.go('mark-published', { permalink: permalink.trim() });
              }}
            >
              <label for="post-permalink">{m.permalink}</label>
              <input id="post-permalink" type="url" inputMode="url" required value={permalink} onInput={(e) => setPermalink((e.target as HTMLInputElement).value)} />
              <button type="submit" class="primary" disabled={act.busy}>
                {m.wasPublished}
              </button>
            </form>
          )}
          <div class="actions">
            <button type="button" disabled={act.busy} onClick={() => void act.go('resend', undefined)}>
              {m.sendAgain}
            </button>
            <button type="button" class="secondary" disabled={act.busy} onClick={() => void act.go('skip', {})}>
              {m.skipPost}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
