import type {
  AdminAnalytics,
  AdminUser,
  Category,
  CreateCategory,
  CreateMenuItem,
  ListUsersQuery,
  MenuItem,
  Order,
  OrderHistory,
  OrderStatus,
  Payment,
  RefundAnswer,
  UpdateCategory,
  UpdateMenuItem,
  UpdateUserRequest,
  UserList,
} from '@canteen/contracts';
import type { BffClient } from './http.ts';

const search = (params: Record<string, string | number | boolean | undefined>): string => {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '');
  const text = new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)])).toString();
  return text ? `?${text}` : '';
};

/** Input as the admin panel sends it: the schema's defaults may be left out. */
export type NewMenuItem = Partial<CreateMenuItem> & Pick<CreateMenuItem, 'name' | 'price'>;
export type NewCategory = Partial<CreateCategory> & Pick<CreateCategory, 'name'>;

/**
 * The admin panel's calls (menu, people, orders, payments) on the shared client: the same
 * token refresh and typed errors as every app.
 */
export function createAdminApi(client: BffClient) {
  const { request } = client;
  return {
    /** The dashboard's figures of a range of canteen days (the last 30 when none is given), in one call. */
    analytics: (range: { from?: string; to?: string } = {}) => request<AdminAnalytics>(`/api/admin/analytics${search(range)}`, { auth: true }),
    categories: () => request<Category[]>(`/api/menu/categories${search({ include_inactive: true })}`),
    createCategory: (body: NewCategory) => request<Category>('/api/menu/categories', { method: 'POST', auth: true, body }),
    updateCategory: (id: string, body: UpdateCategory) => request<Category>(`/api/menu/categories/${id}`, { method: 'PUT', auth: true, body }),
    deleteCategory: (id: string, cascade = false) =>
      request<{ message: string }>(`/api/menu/categories/${id}${search({ cascade: cascade || undefined })}`, { method: 'DELETE', auth: true }),
    items: () => request<MenuItem[]>('/api/menu/items'),
    item: (id: string) => request<MenuItem>(`/api/menu/items/${id}`),
    createItem: (body: NewMenuItem) => request<MenuItem>('/api/menu/items', { method: 'POST', auth: true, body }),
    updateItem: (id: string, body: UpdateMenuItem) => request<MenuItem>(`/api/menu/items/${id}`, { method: 'PUT', auth: true, body }),
    deleteItem: (id: string) => request<{ message: string }>(`/api/menu/items/${id}`, { method: 'DELETE', auth: true }),
    uploadImage: (id: string, file: Blob, name = 'picture') => {
      const form = new FormData();
      form.append('image', file, name);
      return request<MenuItem>(`/api/menu/items/${id}/image`, { method: 'POST', auth: true, body: form });
    },

    users: (query: Partial<ListUsersQuery> = {}) => request<UserList>(`/api/users${search(query)}`, { auth: true }),
    updateUser: (id: number, body: UpdateUserRequest) => request<AdminUser>(`/api/users/${id}`, { method: 'PATCH', auth: true, body }),

    orders: (query: { status?: OrderStatus; limit?: number; offset?: number; queue_number?: number } = {}) =>
      request<Order[]>(`/api/orders/${search(query)}`, { auth: true }),
    userOrders: (userId: number) => request<Order[]>(`/api/orders/user/${userId}`, { auth: true }),
    order: (id: number) => request<Order>(`/api/orders/${id}`, { auth: true }),
    /** Each status with its time and who moved it (STAFF/ADMIN). */
    orderHistory: (id: number) => request<OrderHistory>(`/api/orders/${id}/history`, { auth: true }),
    cancelOrder: (id: number, reason: string) =>
      request<Order>(`/api/orders/${id}`, { method: 'DELETE', auth: true, body: { reason }, headers: { 'idempotency-key': `admin-cancel-${id}-${Date.now()}` } }),
    orderPayment: (orderId: number) => request<Payment>(`/api/payments/order/${orderId}`, { auth: true }),
    refund: (paymentId: string, body: { amount?: number; reason: string }) =>
      request<RefundAnswer>(`/api/payments/${paymentId}/refund`, { method: 'POST', auth: true, body }),
    /** The receipt is an HTML page behind auth: fetched with the token, shown from a blob. */
    receiptHtml: async (paymentId: string): Promise<string> => {
      const token = await client.accessToken();
      const response = await fetch(`/api/payments/${paymentId}/receipt`, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
      if (!response.ok) throw new Error(`The receipt could not be loaded (${response.status})`);
      return response.text();
    },
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
