import { z } from 'zod';
import { oneLine, RoleSchema } from '../common.ts';

/** Emails are compared case-insensitively: stored and looked up lower-cased and trimmed. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((email) => email.toLowerCase());

/** Length is checked here; the common-password list is checked by the users service. */
export const PasswordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters');

const NameSchema = oneLine(z.string().trim().min(1, 'is required').max(100));
const PhoneSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+?[0-9 ()-]{4,32}$/, 'must be a phone number');

/** `role` is not part of it: every new account is a CUSTOMER, whatever the body says. */
export const RegisterRequestSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  fullName: NameSchema,
  phone: PhoneSchema.nullish(),
});
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const LoginRequestSchema = z.object({
  email: EmailSchema,
  // No strength rules on login (old accounts), only a bound so nobody hashes a megabyte.
  password: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const RefreshRequestSchema = z.object({
  refreshToken: z.string().min(20).max(512),
});
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

export const LogoutRequestSchema = z.object({
  refreshToken: z.string().min(20).max(512).optional(),
});

/** Changing a password needs the current one: a stolen access token alone cannot do it. */
export const ChangePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

export const UpdateProfileRequestSchema = z.object({
  fullName: NameSchema.optional(),
  phone: PhoneSchema.nullish(),
});
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequestSchema>;

/** Register, login and refresh answer with this flat shape (the original's plus additions). */
export const AuthResponseSchema = z.object({
  token: z.string(),
  type: z.literal('Bearer'),
  id: z.number().int(),
  email: z.string(),
  fullName: z.string(),
  role: RoleSchema,
  refreshToken: z.string(),
  /** Seconds until `token` expires. */
  expiresIn: z.number().int(),
});
export type AuthResponse = z.infer<typeof AuthResponseSchema>;

export const ProfileSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  fullName: z.string(),
  role: RoleSchema,
  phone: z.string().nullable(),
});
export type Profile = z.infer<typeof ProfileSchema>;
