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
