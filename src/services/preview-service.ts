// What a post will look like: the vacancy rendered for a group (or a bare network) through the
// template that would be used (group's override, else the workspace's, else the bundled one),
// with its length against the limit and everything a recruiter should fix before posting.
import type { Db } from '../db/database.js';
import { Problem, notFound } from '../lib/problem.js';
import type { Network, GroupRules } from '../registry/channel-schema.js';
import type { Renderer } from '../rendering/renderer.js';
import { accountRepo } from '../repositories/account-repo.js';
import { groupRepo, type GroupRow } from '../repositories/group-repo.js';
import { templateOverrideRepo } from '../repositories/template-override-repo.js';
import { UNTRACKED_WARNING, type TrackedLinks } from '../responses/tracked-links.js';
import type { VacancyService } from './vacancy-service.js';
import type { TemplateChecker } from './template-checker.js';

type Auth = { workspaceId: string };
export type TemplateSource = 'bundled' | 'workspace' | 'group';

export function createPreviewService(deps: { db: Db; renderer: Renderer; vacancies: VacancyService; templates: TemplateChecker; links: TrackedLinks }) {
  const { db, renderer, vacancies } = deps;

  async function templateFor(auth: Auth, network: Network, group?: GroupRow): Promise<{ source?: string; from: TemplateSource }> {
    if (group?.templateOverride) return { source: group.templateOverride, from: 'group' };
    const workspace = await templateOverrideRepo.find(db, auth.workspaceId, network);
    return workspace ? { source: workspace.source, from: 'workspace' } : { from: 'bundled' };
  }

  async function groupWarnings(auth: Auth, group: GroupRow, language: string): Promise<string[]> {
    const warnings: string[] = [];
    if (group.status === 'needs_address') warnings.push('group has no address yet: it cannot be posted to');
    if (group.status === 'disabled') warnings.push('group is disabled');
    if (group.language !== language) warnings.push(`group language is ${group.language}, the vacancy is ${language}`);
    if (group.mode !== 'assisted') {
      const account = group.accountId ? await accountRepo.findById(db, auth.workspaceId, group.accountId) : undefined;
      if (!account) warnings.push(`no ${group.network} account is set for this group`);
      else if (account.status === 'needs_reauth') warnings.push(`the ${group.network} account needs new credentials`);
    }
    return warnings;
  }

  return {
    async preview(auth: Auth, vacancyId: string, target: { groupId?: string; network?: Network }) {
      const vacancy = await vacancies.get(auth, vacancyId);
      const group = target.groupId ? await groupRepo.findById(db, auth.workspaceId, target.groupId) : undefined;
      if (target.groupId && !group) throw notFound('Group');
      const network = group?.network ?? target.network;
      if (!network) {
        throw new Problem(400, 'validation-error', 'Invalid querystring: give groupId or network', {
          errors: [{ field: 'groupId', in: 'querystring', message: 'groupId or network is required' }],
        });
      }
      const rules = group?.rules as GroupRules | undefined;
      const template = await templateFor(auth, network, group);
      const result = renderer.render(
        network,
        vacancy,
        {
          // The post's own link, as long as it will be: the tracked one when responses are counted.
          applyUrl: deps.links.forPreview(vacancy),
          ...(group ? { group: { name: group.name, requiredHashtags: rules?.requiredHashtags ?? [] } } : {}),
          ...(rules?.maxLength ? { maxLength: rules.maxLength } : {}),
        },
        template.source,
      );
      const warnings = [
        ...result.warnings,
        ...(group ? await groupWarnings(auth, group, vacancy.language) : []),
        ...(deps.links.enabled ? [] : [UNTRACKED_WARNING]),
      ];
      return { network, groupId: group?.id ?? null, template: template.from, ...result, warnings };
    },

    async getTemplate(auth: Auth, network: Network) {
      const row = await templateOverrideRepo.find(db, auth.workspaceId, network);
      if (row) return { network, from: 'workspace' as const, source: row.source, updatedAt: row.updatedAt.toISOString() };
      return { network, from: 'bundled' as const, source: renderer.bundledSources[network], updatedAt: null };
    },

    async putTemplate(auth: Auth, network: Network, source: string) {
      const check = deps.templates.check(network, source);
      if (!check.ok) {
        throw new Problem(422, 'invalid-template', `${network} template${check.line ? ` line ${check.line}` : ''}: ${check.message}`, {
          line: check.line,
          errors: [{ field: 'source', in: 'body', message: check.line ? `line ${check.line}: ${check.message}` : check.message }],
        });
      }
      const row = await templateOverrideRepo.upsert(db, auth.workspaceId, network, source);
      return { network, from: 'workspace' as const, source: row.source, updatedAt: row.updatedAt.toISOString() };
    },

    async deleteTemplate(auth: Auth, network: Network) {
      if (!(await templateOverrideRepo.delete(db, auth.workspaceId, network))) throw notFound('Template override');
    },
  };
}

export type PreviewService = ReturnType<typeof createPreviewService>;
