import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { workspaces } from '../db/schema.js';
import { requireAdmin } from '../plugins/auth.js';
import { workspaceSettingsPatchSchema, workspaceSettingsSchema } from '../schemas/publishing.js';
import { settingsAnswer, settingsPatchExamples } from '../examples/publishing.js';
import { App, BEARER, CONSUMES, answer, authErrors } from './route-kit.js';

const tags = ['workspaces'];

export async function settingsRoutes(app: App, opts: { db: Db }) {
  const { db } = opts;
  const read = async (workspaceId: string) => {
    const [row] = await db.select({ closePolicy: workspaces.closePolicy }).from(workspaces).where(eq(workspaces.id, workspaceId));
    return { closePolicy: row!.closePolicy };
  };

  app.get('/workspace/settings', {
    schema: { operationId: 'getWorkspaceSettings', summary: "This workspace's settings", tags, security: BEARER, response: { 200: answer("The workspace's settings", workspaceSettingsSchema, settingsAnswer), ...authErrors() } },
    handler: async (request) => read(request.auth.workspaceId),
  });

  app.patch('/workspace/settings', {
    schema: {
      operationId: 'updateWorkspaceSettings',
      summary: 'Change settings, e.g. what closing a vacancy does to its posts (admin)',
      tags,
      security: BEARER,
      consumes: CONSUMES.mergePatch,
      body: workspaceSettingsPatchSchema,
      bodyExamples: settingsPatchExamples,
      response: { 200: answer('The settings after the change', workspaceSettingsSchema, settingsAnswer), ...authErrors(403, 413, 415) },
    },
    preHandler: requireAdmin,
    handler: async (request) => {
      await db.update(workspaces).set({ closePolicy: request.body.closePolicy }).where(eq(workspaces.id, request.auth.workspaceId));
      return read(request.auth.workspaceId);
    },
  });
}
