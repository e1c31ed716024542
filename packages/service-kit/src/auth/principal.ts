export const ROLES = ['CUSTOMER', 'STAFF', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by the access token. Never read identity from a body. */
export interface Principal {
  userId: string;
  email: string;
  role: Role;
  /** The raw bearer token, so a service can forward it to another one. */
  token: string;
}

export const isStaff = (principal: Principal): boolean => principal.role === 'STAFF' || principal.role === 'ADMIN';
