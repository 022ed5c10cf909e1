import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { workspaces } from '../db/schema.js';
import { requireAdmin } from '../plugins/auth.js';
import { workspaceSettingsPatchSchema, workspaceSettingsSchema } from '../schemas/publishing.js';
import { App, BEARER, authErrors } from './route-kit.js';

const tags = ['workspaces'];

export async function settingsRoutes(app: App, opts: { db: Db }) {
  const { db } = opts;
  const read = async (workspaceId: string) => {
    const [row] = await db.select({ closePolicy: workspaces.closePolicy }).from(workspaces).where(eq(workspaces.id, workspaceId));
    return { closePolicy: row!.closePolicy };
  };

  app.get('/workspace/settings', {
    schema: { operationId: 'getWorkspaceSettings', summary: "This workspace's settings", tags, security: BEARER, response: { 200: workspaceSettingsSchema, ...authErrors() } },
    handler: async (request) => read(request.auth.workspaceId),
  });

  app.patch('/workspace/settings', {
    schema: {
      operationId: 'updateWorkspaceSettings',
      summary: 'Change settings, e.g. what closing a vacancy does to its posts (admin)',
      tags,
      security: BEARER,
      body: workspaceSettingsPatchSchema,
      response: { 200: workspaceSettingsSchema, ...authErrors(403, 413, 415) },
    },
    preHandler: requireAdmin,
    handler: async (request) => {
      await db.update(workspaces).set({ closePolicy: request.body.closePolicy }).where(eq(workspaces.id, request.auth.workspaceId));
      return read(request.auth.workspaceId);
    },
  });
}
