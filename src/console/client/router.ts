// Hash routes (#/task/…): the server serves one page at /console, and a reload or a shared link
// lands on the same view.
import { signal } from './state.js';

export type Route =
  | { page: 'today' }
  | { page: 'task'; postId: string }
  | { page: 'post'; postId: string }
  | { page: 'vacancies' }
  | { page: 'vacancy'; vacancyId: string }
  | { page: 'registry' }
  | { page: 'webhooks' };

export function parseRoute(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'task' && id) return { page: 'task', postId: id };
  if (page === 'post' && id) return { page: 'post', postId: id };
  if (page === 'vacancy' && id) return { page: 'vacancy', vacancyId: id };
  if (page === 'vacancies') return { page: 'vacancies' };
  if (page === 'registry') return { page: 'registry' };
  if (page === 'webhooks') return { page: 'webhooks' };
  return { page: 'today' };
}

export const route = signal<Route>(parseRoute(location.hash));
// Only "#/…" is a route: an in-page anchor (the skip link's #main) must not change the page.
addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/') || location.hash === '') route.set(parseRoute(location.hash));
});

export const href = {
  today: '#/today',
  task: (postId: string) => `#/task/${postId}`,
  post: (postId: string) => `#/post/${postId}`,
  vacancies: '#/vacancies',
  vacancy: (id: string) => `#/vacancy/${id}`,
  registry: '#/registry',
  webhooks: '#/webhooks',
};
