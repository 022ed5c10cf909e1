// The console's shell: sign-in, navigation, language, and the page the hash names.
import { Component, render, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, savedKey, saveKey, whenSignedOut } from './api.js';
import { lang, setLang, t, type Lang } from './i18n.js';
import { href, route, type Route } from './router.js';
import { useSignal } from './state.js';
import { useAction } from './parts/action.js';
import { ProblemText } from './parts/feedback.js';
import { AssistedTaskPage } from './pages/assisted-task.js';
import { PostPage } from './pages/post.js';
import { RegistryPage } from './pages/registry.js';
import { TodayPage } from './pages/today.js';
import { VacanciesPage } from './pages/vacancies.js';
import { VacancyPage } from './pages/vacancy.js';
import { WebhooksPage } from './pages/webhooks.js';

interface Workspace {
  id: string;
  name: string;
}

function App() {
  useSignal(lang);
  const current = useSignal(route);
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [checking, setChecking] = useState(savedKey() !== null);
  const [startError, setStartError] = useState<unknown>(null);

  useEffect(() => {
    whenSignedOut(() => {
      saveKey(null);
      setWorkspace(null);
    });
    if (savedKey()) {
      api<Workspace>('GET', '/v1/workspaces/current').then(
        (w) => {
          setWorkspace(w);
          setChecking(false);
        },
        (error: unknown) => {
          // A revoked key signs out by itself (401); anything else is said on the sign-in form.
          if (savedKey()) setStartError(error);
          setChecking(false);
        },
      );
    }
  }, []);

  // A new page: focus moves to its main region and the window's title names it, so a screen
  // reader hears where it is and focus is not lost with the link that was clicked.
  const shown = useRef<Route | null>(null);
  useLayoutEffect(() => {
    document.title = `${pageName(current)} · ${t().appName}`;
    // Not on the first page shown (Tab must start at the top, with the skip link), only on a move.
    if (workspace && shown.current && shown.current !== current) document.getElementById('main')?.focus();
    if (workspace) shown.current = current;
  }, [current, workspace]);

  if (checking) return null;
  if (!workspace) return <SignIn onSignedIn={setWorkspace} startError={startError} />;
  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t().skipToContent}
      </a>
      <Header workspace={workspace} current={current} onSignOut={() => (saveKey(null), setWorkspace(null))} />
      <main id="main" tabIndex={-1}>
        <PageGuard key={location.hash}>
          <Page route={current} />
        </PageGuard>
      </main>
    </>
  );
}

/** A page that throws while showing says so, instead of leaving the person a blank screen. */
class PageGuard extends Component<{ children: ComponentChildren }, { error: Error | null }> {
  override state = { error: null as Error | null };
  override componentDidCatch(error: Error) {
    this.setState({ error });
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <p class="problem" role="alert">
        {t().pageFailed} {this.state.error.message}
      </p>
    );
  }
}

function pageName(route: Route): string {
  const m = t();
  const names: Record<Route['page'], string> = {
    today: m.navToday,
    task: m.taskTitle,
    post: m.postTitle,
    vacancies: m.navVacancies,
    vacancy: m.vacancyTitle,
    registry: m.navRegistry,
    webhooks: m.navWebhooks,
  };
  return names[route.page];
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'task':
      return <AssistedTaskPage postId={route.postId} />;
    case 'post':
      return <PostPage postId={route.postId} />;
    case 'vacancies':
      return <VacanciesPage />;
    case 'vacancy':
      return <VacancyPage vacancyId={route.vacancyId} />;
    case 'registry':
      return <RegistryPage />;
    case 'webhooks':
      return <WebhooksPage />;
    default:
      return <TodayPage />;
  }
}

function Header({ workspace, current, onSignOut }: { workspace: Workspace; current: Route; onSignOut: () => void }) {
  const m = t();
  const links: Array<[string, string, Route['page'][]]> = [
    [href.today, m.navToday, ['today', 'task', 'post']],
    [href.vacancies, m.navVacancies, ['vacancies', 'vacancy']],
    [href.registry, m.navRegistry, ['registry']],
    [href.webhooks, m.navWebhooks, ['webhooks']],
  ];
  return (
    <header class="top">
      <div class="brand">
        {m.appName} <span class="muted">· {workspace.name}</span>
      </div>
      <nav aria-label={m.appName}>
        <ul>
          {links.map(([to, label, pages]) => (
            <li key={to}>
              <a href={to} aria-current={pages.includes(current.page) ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="tools">
        <LangSwitch />
        <button type="button" class="small secondary" onClick={onSignOut}>
          {m.signOut}
        </button>
      </div>
    </header>
  );
}

function LangSwitch() {
  const current = useSignal(lang);
  return (
    <label class="lang">
      <span class="visually-hidden">{t().language}</span>
      <select value={current} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}>
        <option value="ru">Русский</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

function SignIn({ onSignedIn, startError }: { onSignedIn: (w: Workspace) => void; startError: unknown }) {
  const m = t();
  const [key, setKey] = useState('');
  const signIn = useAction(async () => {
    saveKey(key.trim());
    try {
      const w = await api<Workspace>('GET', '/v1/workspaces/current');
      onSignedIn(w);
      return w;
    } catch (e) {
      saveKey(null);
      throw e;
    }
  });
  return (
    <main id="main" class="sign-in">
      <h1 tabIndex={-1}>{m.appName}</h1>
      <LangSwitch />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void signIn.go();
        }}
      >
        <label for="api-key">{m.apiKey}</label>
        <input id="api-key" type="password" autoComplete="off" required value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} aria-describedby="api-key-hint" />
        <p id="api-key-hint" class="muted">
          {m.apiKeyHint}
        </p>
        <ProblemText error={signIn.error ?? startError} />
        <button type="submit" class="primary" disabled={signIn.busy}>
          {m.signIn}
        </button>
      </form>
    </main>
  );
}

document.documentElement.lang = lang.get();
render(<App />, document.getElementById('app')!);
