// What every route file shares: the typed instance, id params, and the error responses to document.
import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../schemas/problem.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const idParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const BEARER = [{ bearerAuth: [] }];

/** Errors any authenticated operation may answer, plus those it names. */
export const authErrors = (...more: number[]) => problemResponses(400, 401, ...more);
