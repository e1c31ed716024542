import { z } from 'zod';

export const RoleSchema = z.enum(['CUSTOMER', 'STAFF', 'ADMIN']);
export type Role = z.infer<typeof RoleSchema>;

/** The error body of every service and the BFF. `message` repeats for the original clients. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  message: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Numeric ids as the original API has them, also accepted as numeric strings in paths. */
export const IdParamSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Names and other one-line texts: a line break or tab in one would break every list and
 * receipt it is shown in. (Control characters are refused in every text by the service kit.)
 */
export const oneLine = (schema: z.ZodString) => schema.regex(/^[^\r\n\t]*$/, 'must be on one line');

/** Bounds that say what is wrong in the API's words ("must be at most 1000000"). */
export const atMost = (limit: number) => `must be at most ${limit}`;
export const atLeast = (limit: number) => `must be at least ${limit}`;
