import { z } from 'zod';
import { RoleSchema } from '../common.ts';
import { ProfileSchema } from './auth.ts';

export const AdminUserSchema = ProfileSchema.extend({
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const ListUsersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  role: RoleSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;

export const UserListSchema = z.object({
  users: z.array(AdminUserSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type UserList = z.infer<typeof UserListSchema>;

export const UpdateUserRequestSchema = z
  .object({
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => body.role !== undefined || body.active !== undefined, {
    message: 'give at least one of role, active',
  });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;
