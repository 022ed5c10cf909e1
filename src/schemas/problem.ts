import { z } from 'zod';

export const fieldErrorSchema = z.object({
  field: z.string(),
  in: z.enum(['body', 'querystring', 'params', 'headers']),
  message: z.string(),
});

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });
