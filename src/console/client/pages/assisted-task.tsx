// One assisted post, made to be done one-handed on a phone: copy, open the group, paste there,
// come back, paste the post's link, confirm. Big targets, one column, the main action last.
import { useRef, useState } from 'preact/hooks';
import { all, api, safeHref } from '../api.js';
import { t, when } from '../i18n.js';
import { href } from '../router.js';
import type { AssistedTask, Post } from '../types.js';
import { useAction } from '../parts/action.js';
import { Done, Loading, ProblemText } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

async function findTask(postId: string): Promise<AssistedTask | null> {
  const tasks = await all<AssistedTask>('/v1/assisted-tasks', 5000);
  return tasks.find((task) => task.postId === postId) ?? null;
}

export function AssistedTaskPage({ postId }: { postId: string }) {
  const m = t();
  const { data: task, error, loading } = useLoad(() => findTask(postId), [postId]);
  const [finished, setFinished] = useState<'published' | 'skipped' | null>(null);
  if (loading) return <Loading />;
  if (error) return <ProblemText error={error} />;
  if (finished) {
    return (
      <section>
        <h1>{m.taskTitle}</h1>
        <Done>{finished === 'published' ? m.taskDone : m.taskSkipped}</Done>
        <p>
          <a href={href.today} class="button">
            {m.backToToday}
          </a>
        </p>
      </section>
    );
  }
  if (!task) {
    return (
      <section>
        <h1>{m.taskTitle}</h1>
        <p>{m.taskGone}</p>
        <p>
          <a href={href.post(postId)}>{m.open}</a> · <a href={href.today}>{m.backToToday}</a>
        </p>
      </section>
    );
  }
  return <TaskForm task={task} onFinished={setFinished} />;
}

function TaskForm({ task, onFinished }: { task: AssistedTask; onFinished: (how: 'published' | 'skipped') => void }) {
  const m = t();
  const text = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [linkCopied, setLinkCopied] = useState(false);
  const groupUrl = safeHref(task.groupUrl);
  const [permalink, setPermalink] = useState('');
  const [reason, setReason] = useState('');
  const confirm = useAction(() => api<Post>('POST', `/v1/assisted-tasks/${task.postId}/confirm`, { permalink: permalink.trim() }));
  const skip = useAction(() => api<Post>('POST', `/v1/assisted-tasks/${task.postId}/skip`, reason.trim() ? { reason: reason.trim() } : {}));

  async function copy() {
    try {
      await navigator.clipboard.writeText(task.text);
      setCopied('yes');
    } catch {
      // Clipboard refused (an insecure origin, or no permission): select it for the person instead.
      text.current?.select();
      setCopied('failed');
    }
  }

  return (
    <section class="task" aria-labelledby="task-title">
      <h1 id="task-title">
        {m.taskTitle}: «{task.groupName ?? task.group.name}»
      </h1>
      <p class="muted">
        {task.network} · {m.due} {when(task.dueAt)}
      </p>
      <p>{m.taskSteps}</p>
      <label for="task-text">{m.textToPaste}</label>
      <textarea id="task-text" ref={text} readOnly rows={10} value={task.text} />
      <div class="actions">
        <button type="button" onClick={copy}>
          {m.copy}
        </button>
        <span role="status" class="muted">
          {copied === 'yes' ? m.copied : copied === 'failed' ? m.copyFailed : ''}
        </span>
      </div>
      {groupUrl && (
        <p>
          <a href={groupUrl} target="_blank" rel="noopener noreferrer" class="button secondary">
            {m.openGroup}
          </a>
        </p>
      )}
      {task.applyUrl && (
        // Text, not a link: a tap would leave this page (and the permalink typed in it) and be
        // counted as a candidate's click on the tracked link.
        <p>
          {m.applyLink}: <code data-testid="apply-url">{task.applyUrl}</code>{' '}
          <button
            type="button"
            class="small"
            onClick={() => navigator.clipboard.writeText(task.applyUrl!).then(() => setLinkCopied(true), () => setLinkCopied(false))}
          >
            {linkCopied ? m.copied : m.copyLink}
          </button>
        </p>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (await confirm.go()) onFinished('published');
        }}
      >
        <label for="permalink">{m.permalink}</label>
        <input id="permalink" name="permalink" type="url" inputMode="url" autoComplete="off" required value={permalink} onInput={(e) => setPermalink((e.target as HTMLInputElement).value)} aria-describedby="permalink-hint" />
        <p id="permalink-hint" class="muted">
          {m.permalinkHint}
        </p>
        <ProblemText error={confirm.error} />
        <button type="submit" class="primary" disabled={confirm.busy}>
          {m.confirm}
        </button>
      </form>
      <details class="skip">
        <summary>{m.skip}</summary>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (await skip.go()) onFinished('skipped');
          }}
        >
          <label for="skip-reason">{m.skipReason}</label>
          <input id="skip-reason" value={reason} maxLength={500} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
          <ProblemText error={skip.error} />
          <button type="submit" disabled={skip.busy}>
            {m.skip}
          </button>
        </form>
      </details>
    </section>
  );
}
