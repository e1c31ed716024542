import { z } from 'zod';
import {
  AddToQueueSchema, RemoveFromQueueSchema, RemovedFromQueueSchema, AuthResponseSchema, BoardUpdateMessageSchema, MenuUpdateMessageSchema, CancelOrderSchema, CategorySchema, ClientAuthMessageSchema,
  CreateCategorySchema, CreateMenuItemSchema, ErrorBodySchema, CreateOrderSchema, CreatePaymentSchema, IdParamSchema, ListMenuItemsQuerySchema,
  ListOrdersQuerySchema, ListUsersQuerySchema, LoginRequestSchema, LogoutRequestSchema, ChangePasswordRequestSchema, MenuIdSchema, MenuItemSchema, OrderSchema,
  PaymentIdSchema, PaymentSchema, PaymentStatsSchema, RefundAnswerSchema, ProcessPaymentSchema, ProfileSchema, PushSubscriptionSchema,
  PushUnsubscribeSchema, QueueItemSchema, QueueRemovedMessageSchema, QueueStatsSchema, QueueUpdateMessageSchema,
  RefreshRequestSchema, RefundRequestSchema, RegisterRequestSchema, SnapshotMessageSchema, UpdateCategorySchema,
  UpdateMenuItemSchema, UpdateOrderStatusSchema, UpdatePaymentStatusSchema, UpdateProfileRequestSchema, UpdateQueueItemSchema,
  UpdateUserRequestSchema, UserListSchema, AdminUserSchema, WelcomeMessageSchema, OrderHistorySchema,
  DeadLettersResponseSchema, ListDeadLettersQuerySchema, RedriveRequestSchema, RedriveResponseSchema,
  AdminAnalyticsSchema, AnalyticsQuerySchema, OrderAnalyticsSchema, PaymentAnalyticsSchema, ANALYTICS_MAX_DAYS,
} from '@canteen/contracts';
import {
  ActiveOrderListSchema, AdminOverviewSchema, BoardItemListSchema, CascadeQuerySchema, CategoryListSchema, HealthSchema,
  IncludeInactiveQuerySchema, KitchenTicketsSchema, MenuItemImageUploadSchema, MenuItemListSchema, MessageSchema, OpenApiDocumentSchema, OrderListSchema, PushSubscribedSchema, PushSubscriptionListSchema,
  QueueItemListSchema, ReadinessSchema, VapidPublicKeySchema,
} from './schemas.ts';

export type { Auth, ErrorStatus, HttpMethod, ParamSpec, ResponseSpec, RouteSpec, Tag } from './route-spec.ts';
import type { ParamSpec, RouteSpec } from './route-spec.ts';

const OPTION_DEFAULTS =
  'An option group\'s `default_option_ids` are what an order line that names nothing for the group gets: options of that group ' +
  '(ids as given, or as made from their names), each once, between `min` and `max` of them. Only a required group without ' +
  'defaults makes an order line choose.';
const BAD = 'VALIDATION_FAILED: the input does not match the schema (`details` names each field), or MALFORMED_JSON';
const BAD_PARAM = 'VALIDATION_FAILED: a path or query parameter is malformed';
const AUTH = 'UNAUTHORIZED: no bearer token, or an invalid or expired one, or a deactivated account';
const STAFF = 'FORBIDDEN: needs the role STAFF or ADMIN';
const ADMIN = 'FORBIDDEN: needs the role ADMIN';
const IDEMPOTENCY_409 = 'IDEMPOTENCY_IN_PROGRESS: a request with this Idempotency-Key is still running';
const IDEMPOTENCY_422 = 'IDEMPOTENCY_KEY_REUSED: this Idempotency-Key came with another request (compared as parsed: key order and spacing do not count)';
const OWNER_OR_STAFF = 'the owner, or STAFF/ADMIN';
const RANGE_400 = `VALIDATION_FAILED: from or to is not a YYYY-MM-DD date that exists, from is after to, or the range covers more than ${ANALYTICS_MAX_DAYS} days`;
const RANGE = 'Days are the canteen\'s (its TIMEZONE); without `from`/`to` the last 30 days up to today. Aggregated by the database, never by reading orders out.';

const ORDER_ID: ParamSpec = { schema: IdParamSchema, description: 'The order id' };
const MENU_ID: ParamSpec = { schema: MenuIdSchema, description: 'A 24-hex-digit menu id' };
const PAYMENT_ID: ParamSpec = { schema: PaymentIdSchema, description: 'The payment id (`pay_…`)' };
const HTML = ['text/html'] as const;

/**
 * Every public route of the BFF (port 8080): the source of truth of `/api/openapi.json`. The
 * coverage test reads the real routers and fails when a route is missing here.
 */
export const PUBLIC_ROUTES: readonly RouteSpec[] = [
  // Health and docs
  { method: 'get', path: '/health', operationId: 'getHealth', tag: 'Health', auth: 'none', summary: 'Liveness; the state of each service for staff and monitoring',
    description: 'Anyone gets `{status, service, timestamp}` (checked at most every 3 s). With a STAFF/ADMIN token or `METRICS_TOKEN` as the bearer, `dependencies` names each service and its state.',
    responses: { 200: { description: 'Everything is up', schema: HealthSchema }, 503: { description: 'A service is down (`status: DOWN`)', schema: HealthSchema } } },
  { method: 'get', path: '/ready', operationId: 'getReadiness', tag: 'Health', auth: 'none', summary: 'Readiness for a load balancer',
    responses: { 200: { description: 'Ready', schema: ReadinessSchema }, 503: { description: 'Not ready', schema: ReadinessSchema } } },
  { method: 'get', path: '/metrics', operationId: 'getMetrics', tag: 'Health', auth: 'bearer', summary: 'Prometheus metrics',
    description: 'For STAFF/ADMIN, or monitoring with `METRICS_TOKEN` as the bearer.',
    responses: { 200: { description: 'Metrics in the Prometheus text format', media: ['text/plain'] } },
    errors: { 401: 'UNAUTHORIZED: no staff token or metrics token', 403: 'FORBIDDEN: a customer' } },
  { method: 'get', path: '/api/openapi.json', operationId: 'getOpenApiDocument', tag: 'Docs', auth: 'none', conditional: true,
    summary: 'This document (OpenAPI 3.1)', responses: { 200: { description: 'The OpenAPI document', schema: OpenApiDocumentSchema } } },
  { method: 'get', path: '/api/docs', operationId: 'getDocsPage', tag: 'Docs', auth: 'none', summary: 'The API docs page',
    responses: { 200: { description: 'A self-contained HTML page that renders this document', media: HTML } } },
  { method: 'get', path: '/api/docs/{asset}', operationId: 'getDocsAsset', tag: 'Docs', auth: 'none', conditional: true,
    summary: "The docs page's script and style sheet",
    params: { asset: { schema: z.enum(['docs.js', 'docs.css']), description: 'The file' } },
    responses: { 200: { description: 'The file', media: ['text/javascript', 'text/css'] } }, errors: { 404: 'NOT_FOUND: no such file' } },

  // Auth
  { method: 'post', path: '/api/auth/register', operationId: 'register', tag: 'Auth', auth: 'none', summary: 'Create a CUSTOMER account',
    description: 'A `role` in the body is ignored: every new account is a CUSTOMER. Answers 200, as the original API did.',
    body: { schema: RegisterRequestSchema }, responses: { 200: { description: 'Signed up and signed in', schema: AuthResponseSchema } },
    errors: { 400: `${BAD}; also a too common password`, 409: 'EMAIL_TAKEN: an account has this email' } },
  { method: 'post', path: '/api/auth/login', operationId: 'login', tag: 'Auth', auth: 'none', summary: 'Sign in',
    body: { schema: LoginRequestSchema }, responses: { 200: { description: 'A token pair', schema: AuthResponseSchema } },
    errors: { 400: BAD, 401: 'INVALID_CREDENTIALS: wrong email or password (the same answer for both)',
      429: 'TOO_MANY_REQUESTS: too many attempts from this client (BFF) or for this account (users service); see `Retry-After`' } },
  { method: 'post', path: '/api/auth/refresh', operationId: 'refreshToken', tag: 'Auth', auth: 'none', summary: 'Swap a refresh token for a new pair',
    description: 'Refresh tokens rotate: each works once. Reusing an old one revokes its whole family.',
    body: { schema: RefreshRequestSchema }, responses: { 200: { description: 'A new token pair', schema: AuthResponseSchema } },
    errors: { 400: BAD, 401: 'INVALID_REFRESH_TOKEN (unknown or expired) or REFRESH_TOKEN_REUSED (the family is now revoked)' } },
  { method: 'post', path: '/api/auth/logout', operationId: 'logout', tag: 'Auth', auth: 'bearer', summary: 'Sign out',
    description: 'With a `refreshToken`, ends that session; without one, ends all of the caller\'s sessions.',
    body: { schema: LogoutRequestSchema, required: false }, responses: { 204: { description: 'Signed out' } }, errors: { 400: BAD, 401: AUTH } },
  { method: 'post', path: '/api/auth/password', operationId: 'changePassword', tag: 'Auth', auth: 'bearer', summary: "Change the caller's password",
    description: 'Needs the current password (wrong guesses are throttled like logins). Ends every session of the account and answers with a new one.',
    body: { schema: ChangePasswordRequestSchema }, responses: { 200: { description: 'A new token pair', schema: AuthResponseSchema } },
    errors: { 400: `${BAD}; also a wrong current password, or a new one that is too common or unchanged`, 401: AUTH,
      429: 'TOO_MANY_REQUESTS: too many wrong current passwords; see `Retry-After`' } },
  { method: 'get', path: '/api/auth/profile', operationId: 'getProfile', tag: 'Auth', auth: 'bearer', summary: "The caller's profile",
    responses: { 200: { description: 'The profile', schema: ProfileSchema } }, errors: { 401: AUTH, 404: 'NOT_FOUND: the account is gone' } },
  { method: 'put', path: '/api/auth/profile', operationId: 'updateProfile', tag: 'Auth', auth: 'bearer', summary: "Change the caller's name or phone",
    body: { schema: UpdateProfileRequestSchema }, responses: { 200: { description: 'The updated profile', schema: ProfileSchema } },
    errors: { 400: BAD, 401: AUTH, 404: 'NOT_FOUND: the account is gone' } },

  // Users
  { method: 'get', path: '/api/users', operationId: 'listUsers', tag: 'Users', auth: 'bearer', access: 'ADMIN', summary: 'List and search accounts',
    query: ListUsersQuerySchema, responses: { 200: { description: 'A page of accounts', schema: UserListSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: ADMIN } },
  { method: 'patch', path: '/api/users/{id}', operationId: 'updateUser', tag: 'Users', auth: 'bearer', access: 'ADMIN',
    summary: "Change an account's role or deactivate it", params: { id: { schema: IdParamSchema, description: 'The user id' } },
    body: { schema: UpdateUserRequestSchema }, responses: { 200: { description: 'The updated account', schema: AdminUserSchema } },
    errors: { 400: `${BAD}; or neither role nor active given`, 401: AUTH, 403: ADMIN, 404: 'NOT_FOUND: no such user',
      409: 'SELF_LOCKOUT: an admin cannot demote or deactivate themselves' } },

  // Push
  { method: 'get', path: '/api/push/vapid-public-key', operationId: 'getVapidPublicKey', tag: 'Push', auth: 'none',
    summary: 'The VAPID public key for `pushManager.subscribe`', description: 'Cacheable for 5 minutes.',
    responses: { 200: { description: 'The key (base64url), the `applicationServerKey`', schema: VapidPublicKeySchema },
      503: { description: 'PUSH_DISABLED: Web Push is not configured on this server', schema: ErrorBodySchema } } },
  { method: 'get', path: '/api/push/subscriptions', operationId: 'listPushSubscriptions', tag: 'Push', auth: 'bearer',
    summary: "The caller's Web Push subscriptions", responses: { 200: { description: 'The subscriptions', schema: PushSubscriptionListSchema } },
    errors: { 401: AUTH } },
  { method: 'post', path: '/api/push/subscriptions', operationId: 'subscribePush', tag: 'Push', auth: 'bearer',
    summary: "Save a browser's PushSubscription", description: 'The body is `subscription.toJSON()`. Saving the same endpoint again updates it.',
    body: { schema: PushSubscriptionSchema }, responses: { 201: { description: 'Subscribed', schema: PushSubscribedSchema } },
    errors: { 400: BAD, 401: AUTH } },
  { method: 'delete', path: '/api/push/subscriptions', operationId: 'unsubscribePush', tag: 'Push', auth: 'bearer', summary: 'Forget a subscription',
    description: 'Unsubscribing twice is not an error.', body: { schema: PushUnsubscribeSchema },
    responses: { 204: { description: 'Unsubscribed' } }, errors: { 400: BAD, 401: AUTH } },

  // Menu
  { method: 'get', path: '/api/menu/categories', operationId: 'listCategories', tag: 'Menu', auth: 'none', conditional: true,
    summary: 'Categories by `display_order`, with `item_count`', query: IncludeInactiveQuerySchema,
    responses: { 200: { description: 'The categories', schema: CategoryListSchema } }, errors: { 400: BAD_PARAM } },
  { method: 'post', path: '/api/menu/categories', operationId: 'createCategory', tag: 'Menu', auth: 'bearer', access: 'ADMIN',
    summary: 'Create a category', body: { schema: CreateCategorySchema },
    responses: { 201: { description: 'The new category', schema: CategorySchema } },
    errors: { 400: BAD, 401: AUTH, 403: ADMIN, 409: 'CATEGORY_EXISTS: the name is taken' } },
  { method: 'put', path: '/api/menu/categories/{id}', operationId: 'updateCategory', tag: 'Menu', auth: 'bearer', access: 'ADMIN',
    summary: 'Change a category', params: { id: MENU_ID }, body: { schema: UpdateCategorySchema },
    responses: { 200: { description: 'The updated category', schema: CategorySchema } },
    errors: { 400: BAD, 401: AUTH, 403: ADMIN, 404: 'NOT_FOUND: no such category', 409: 'CATEGORY_EXISTS: the name is taken' } },
  { method: 'delete', path: '/api/menu/categories/{id}', operationId: 'deleteCategory', tag: 'Menu', auth: 'bearer', access: 'ADMIN',
    summary: 'Delete a category', params: { id: MENU_ID }, query: CascadeQuerySchema,
    responses: { 200: { description: 'Deleted', schema: MessageSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: ADMIN, 404: 'NOT_FOUND: no such category',
      409: 'CATEGORY_NOT_EMPTY: it still has items; pass `cascade=true` to delete them too' } },
  { method: 'get', path: '/api/menu/items', operationId: 'listMenuItems', tag: 'Menu', auth: 'none', conditional: true, summary: 'Menu items',
    description: '`available=true`: available items only; any other value: unavailable only (the original rule).',
    query: ListMenuItemsQuerySchema, responses: { 200: { description: 'The items', schema: MenuItemListSchema } }, errors: { 400: BAD_PARAM } },
  { method: 'get', path: '/api/menu/items/category/{categoryId}', operationId: 'listMenuItemsOfCategory', tag: 'Menu', auth: 'none',
    conditional: true, summary: "A category's items", params: { categoryId: { schema: MenuIdSchema, description: 'The category id' } },
    query: ListMenuItemsQuerySchema, responses: { 200: { description: 'The items', schema: MenuItemListSchema } },
    errors: { 400: BAD_PARAM, 404: 'NOT_FOUND: no such category' } },
  { method: 'get', path: '/api/menu/items/{id}', operationId: 'getMenuItem', tag: 'Menu', auth: 'none', conditional: true, summary: 'One menu item',
    params: { id: MENU_ID }, responses: { 200: { description: 'The item', schema: MenuItemSchema } },
    errors: { 400: BAD_PARAM, 404: 'NOT_FOUND: no such item' } },
  { method: 'post', path: '/api/menu/items', operationId: 'createMenuItem', tag: 'Menu', auth: 'bearer', access: 'ADMIN',
    summary: 'Create a menu item', description: `Give \`category\` (a name) or \`category_id\`; it must exist. ${OPTION_DEFAULTS}`,
    body: { schema: CreateMenuItemSchema }, responses: { 201: { description: 'The new item', schema: MenuItemSchema } },
    errors: { 400: `${BAD}; or no such category; or default_option_ids that do not fit their group`, 401: AUTH, 403: ADMIN } },
  { method: 'put', path: '/api/menu/items/{id}', operationId: 'updateMenuItem', tag: 'Menu', auth: 'bearer',
    access: 'ADMIN; STAFF may change only `available` and `stock`', summary: 'Change a menu item (partial)',
    description: `Fields left out stay as they are. \`stock: 0\` makes the item unavailable. ${OPTION_DEFAULTS}`, params: { id: MENU_ID },
    body: { schema: UpdateMenuItemSchema }, responses: { 200: { description: 'The updated item', schema: MenuItemSchema } },
    errors: { 400: BAD, 401: AUTH, 403: 'FORBIDDEN: not ADMIN, or STAFF changing more than available/stock', 404: 'NOT_FOUND: no such item',
      409: 'OUT_OF_STOCK: cannot make an item with no stock available; set a stock count' } },
  { method: 'delete', path: '/api/menu/items/{id}', operationId: 'deleteMenuItem', tag: 'Menu', auth: 'bearer', access: 'ADMIN',
    summary: 'Delete a menu item', params: { id: MENU_ID }, responses: { 200: { description: 'Deleted', schema: MessageSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: ADMIN, 404: 'NOT_FOUND: no such item' } },
  { method: 'post', path: '/api/menu/items/{id}/image', operationId: 'uploadMenuItemImage', tag: 'Menu', auth: 'bearer', access: 'ADMIN',
    summary: "Upload an item's picture", description: 'Multipart field `image`: PNG, JPEG or WebP (judged by its bytes), at most 2 MB.',
    params: { id: MENU_ID }, body: { schema: MenuItemImageUploadSchema, media: 'multipart/form-data' },
    responses: { 200: { description: 'The item with its new `image_url`', schema: MenuItemSchema } },
    errors: { 400: 'BAD_REQUEST: no `image` field, or a refused upload', 401: AUTH, 403: ADMIN, 404: 'NOT_FOUND: no such item',
      413: 'IMAGE_TOO_LARGE: over 2 MB', 415: 'UNSUPPORTED_IMAGE: not PNG, JPEG or WebP' } },
  { method: 'get', path: '/api/menu/images/{file}', operationId: 'getMenuImage', tag: 'Menu', auth: 'none', conditional: true,
    summary: 'An uploaded picture', description: 'Content-addressed: a URL never changes meaning, so it is cached for a year.',
    params: { file: { schema: z.string().regex(/^[0-9a-f]{32}\.(png|jpg|webp)$/), description: 'The file name from `image_url`' } },
    responses: { 200: { description: 'The image', media: ['image/png', 'image/jpeg', 'image/webp'] } }, errors: { 404: 'NOT_FOUND: no such image' } },

  // Orders
  { method: 'post', path: '/api/orders/', operationId: 'placeOrder', tag: 'Orders', auth: 'bearer', idempotent: true,
    access: 'signed in; a `user_id` other than the caller\'s needs STAFF/ADMIN', summary: 'Place an order',
    description: 'Priced from the menu, never from the client; an option group a line leaves out gets its `default_option_ids` ' +
      '(a required group without defaults is 400 `choose … of …`). Online payment methods are settled by the mock gateway at once; ' +
      '`cash` stays pending until staff settle it. `payment_token` drives the gateway\'s test triggers. Stock-counted items are ' +
      'held at once (no two orders get the last portion; an item reaching 0 is sold out) and given back if the order is ' +
      'cancelled or its payment fails. An order that costs nothing is `confirmed` (and `paid`) at once, with no charge.',
    body: { schema: CreateOrderSchema }, responses: { 201: { description: 'The order (`placed`, or `confirmed` when free)', schema: OrderSchema } },
    errors: { 400: `${BAD}; an unknown menu item; or a malformed Idempotency-Key`, 401: AUTH, 403: 'FORBIDDEN: ordering for another user',
      409: `ITEM_UNAVAILABLE: an item is sold out, unavailable or has fewer portions left than asked (details list them); or ${IDEMPOTENCY_409}`,
      422: IDEMPOTENCY_422,
      429: 'TOO_MANY_REQUESTS: more orders a minute than ORDER_RATE_PER_MINUTE; see `Retry-After`' } },
  { method: 'get', path: '/api/orders/', operationId: 'listOrders', tag: 'Orders', auth: 'bearer', access: 'STAFF/ADMIN', summary: 'All orders',
    query: ListOrdersQuerySchema, responses: { 200: { description: 'Orders, newest first', schema: OrderListSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: STAFF } },
  { method: 'get', path: '/api/orders/user/{userId}', operationId: 'listUserOrders', tag: 'Orders', auth: 'bearer',
    access: 'that user, or STAFF/ADMIN', summary: "A user's orders", params: { userId: { schema: IdParamSchema, description: 'The user id' } },
    query: ListOrdersQuerySchema, responses: { 200: { description: 'Orders, newest first', schema: OrderListSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: "FORBIDDEN: another user's orders" } },
  { method: 'get', path: '/api/orders/user/{userId}/active', operationId: 'listUserActiveOrders', tag: 'Orders', auth: 'bearer',
    access: 'that user, or STAFF/ADMIN', summary: "A user's unfinished orders", params: { userId: { schema: IdParamSchema, description: 'The user id' } },
    query: ListOrdersQuerySchema, responses: { 200: { description: 'Active orders, newest first', schema: OrderListSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: "FORBIDDEN: another user's orders" } },
  { method: 'get', path: '/api/orders/analytics', operationId: 'getOrderAnalytics', tag: 'Orders', auth: 'bearer', access: 'ADMIN',
    summary: 'Orders per day and hour, top dishes, waits, ETA error and cancellations of a range of days',
    description: `${RANGE} \`hours\` compares today with the same weekday a week before; the ETA error is the actual ready time minus the first one the queue promised.`,
    query: AnalyticsQuerySchema, responses: { 200: { description: 'The figures', schema: OrderAnalyticsSchema } }, errors: { 400: RANGE_400, 401: AUTH, 403: ADMIN } },
  { method: 'get', path: '/api/orders/{id}', operationId: 'getOrder', tag: 'Orders', auth: 'bearer', access: OWNER_OR_STAFF, summary: 'One order',
    params: { id: ORDER_ID }, responses: { 200: { description: 'The order', schema: OrderSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 404: "NOT_FOUND: no such order (also another customer's)" } },
  { method: 'get', path: '/api/orders/{id}/history', operationId: 'getOrderHistory', tag: 'Orders', auth: 'bearer', access: 'STAFF/ADMIN',
    summary: "An order's status history: each status, when, and who moved it",
    description: 'Oldest first; the first line (`from_status` null) is the placement. `actor_role` is the role in the token of whoever made the move ' +
      '(`actor_id` their user id), or `system` for moves made by events (a payment that succeeded, failed or was refunded). Each line is written ' +
      'in the transaction that changed the status. Orders placed before the history was kept have none.',
    params: { id: ORDER_ID }, responses: { 200: { description: 'The history', schema: OrderHistorySchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: STAFF, 404: 'NOT_FOUND: no such order' } },
  { method: 'put', path: '/api/orders/{id}/status', operationId: 'updateOrderStatus', tag: 'Orders', auth: 'bearer', access: 'STAFF/ADMIN',
    idempotent: true, summary: 'Move an order through the kitchen', description: 'placed → confirmed → preparing → ready → completed, or cancelled.',
    params: { id: ORDER_ID }, body: { schema: UpdateOrderStatusSchema }, responses: { 200: { description: 'The order', schema: OrderSchema } },
    errors: { 400: BAD, 401: AUTH, 403: STAFF, 404: 'NOT_FOUND: no such order',
      409: `ILLEGAL_TRANSITION: that move is not allowed from the current state; or ${IDEMPOTENCY_409}`, 422: IDEMPOTENCY_422 } },
  { method: 'delete', path: '/api/orders/{id}', operationId: 'cancelOrder', tag: 'Orders', auth: 'bearer', idempotent: true,
    access: 'the owner while placed/confirmed, or STAFF/ADMIN while unfinished', summary: 'Cancel an order',
    description: 'A paid order is refunded (`payment.refunded`).', params: { id: ORDER_ID },
    body: { schema: CancelOrderSchema, required: false }, responses: { 200: { description: 'The cancelled order', schema: OrderSchema } },
    errors: { 400: BAD, 401: AUTH, 404: "NOT_FOUND: no such order (also another customer's)",
      409: `ILLEGAL_TRANSITION: too late to cancel; or ${IDEMPOTENCY_409}`, 422: IDEMPOTENCY_422 } },

  // Payments
  { method: 'post', path: '/api/payments/', operationId: 'createPayment', tag: 'Payments', auth: 'bearer',
    access: "the order's owner (user_id their own), or STAFF/ADMIN",
    summary: "Pay an order (the owner), or record a payment by hand (staff)",
    description:
      'Payments normally come from `payment.initiated`. The order\'s owner may still call this (the original web client does, ' +
      'right after placing the order): it is idempotent per order. When the order has its payment already, that payment comes ' +
      'back with 200 and nothing is charged; otherwise the payment is created from the order as the orders service has it ' +
      '(owner, total, method) and charged once, 201 (503 while the orders service cannot be asked). For staff a second payment is ' +
      '409 PAYMENT_EXISTS.',
    body: { schema: CreatePaymentSchema },
    responses: { 201: { description: 'The payment, created now', schema: PaymentSchema }, 200: { description: "The order's existing payment (owner)", schema: PaymentSchema } },
    errors: { 400: BAD, 401: AUTH, 403: "FORBIDDEN: user_id is not the caller's, or someone else's payment", 404: "NOT_FOUND: no such order (also another customer's)",
      409: 'ORDER_CANCELLED; AMOUNT_MISMATCH (amount is not the order\'s total); or PAYMENT_EXISTS for staff (details name the existing payment)' } },
  { method: 'get', path: '/api/payments/analytics', operationId: 'getPaymentAnalytics', tag: 'Payments', auth: 'bearer', access: 'ADMIN',
    summary: 'Payment success rate, methods and refunds of a range of days', description: RANGE, query: AnalyticsQuerySchema,
    responses: { 200: { description: 'The figures', schema: PaymentAnalyticsSchema } }, errors: { 400: RANGE_400, 401: AUTH, 403: ADMIN } },
  { method: 'get', path: '/api/payments/stats', operationId: 'getPaymentStats', tag: 'Payments', auth: 'bearer', access: 'STAFF/ADMIN',
    summary: "Today's payment totals", responses: { 200: { description: 'The totals', schema: PaymentStatsSchema } }, errors: { 401: AUTH, 403: STAFF } },
  { method: 'get', path: '/api/payments/order/{orderId}', operationId: 'getOrderPayment', tag: 'Payments', auth: 'bearer', access: OWNER_OR_STAFF,
    summary: "An order's payment", params: { orderId: ORDER_ID }, responses: { 200: { description: 'The payment', schema: PaymentSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: 'FORBIDDEN: someone else\'s payment', 404: 'NOT_FOUND: no payment for that order' } },
  { method: 'get', path: '/api/payments/{payment_id}', operationId: 'getPayment', tag: 'Payments', auth: 'bearer', access: OWNER_OR_STAFF,
    summary: 'One payment', params: { payment_id: PAYMENT_ID }, responses: { 200: { description: 'The payment', schema: PaymentSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: 'FORBIDDEN: someone else\'s payment', 404: 'NOT_FOUND: no such payment' } },
  { method: 'post', path: '/api/payments/{payment_id}/process', operationId: 'processPayment', tag: 'Payments', auth: 'bearer',
    access: OWNER_OR_STAFF, summary: 'Charge a pending online payment', params: { payment_id: PAYMENT_ID },
    description: 'A payment that was charged already (success, or refunded since) comes back as it is: processing twice never charges twice.',
    body: { schema: ProcessPaymentSchema, required: false }, responses: { 200: { description: 'The settled (or declined) payment, or the one charged before', schema: PaymentSchema } },
    errors: { 400: BAD, 401: AUTH, 403: 'FORBIDDEN: someone else\'s payment', 404: 'NOT_FOUND: no such payment',
      409: 'CASH_NEEDS_STAFF (cash is settled at the counter) or ILLEGAL_TRANSITION (failed or cancelled)' } },
  { method: 'put', path: '/api/payments/{payment_id}/status', operationId: 'updatePaymentStatus', tag: 'Payments', auth: 'bearer',
    access: 'STAFF/ADMIN', summary: 'Settle, fail or cancel a payment (cash at the counter)', params: { payment_id: PAYMENT_ID },
    body: { schema: UpdatePaymentStatusSchema }, responses: { 200: { description: 'The payment', schema: PaymentSchema } },
    errors: { 400: BAD, 401: AUTH, 403: STAFF, 404: 'NOT_FOUND: no such payment', 409: 'ILLEGAL_TRANSITION: not allowed from its state' } },
  { method: 'post', path: '/api/payments/{payment_id}/refund', operationId: 'refundPayment', tag: 'Payments', auth: 'bearer',
    access: 'STAFF/ADMIN', summary: 'Refund all or part of a payment',
    description: 'Without `amount`, refunds everything still captured. A refund that leaves nothing captured (`refund.covers` `all`) cancels an order not yet completed, which leaves the kitchen queue; a partial one (`part`) leaves the order as it is. `refund.message` says which.',
    params: { payment_id: PAYMENT_ID }, body: { schema: RefundRequestSchema, required: false },
    responses: { 200: { description: 'The payment with its refunds, and what this refund covered', schema: RefundAnswerSchema } },
    errors: { 400: BAD, 401: AUTH, 403: STAFF, 404: 'NOT_FOUND: no such payment', 409: 'NOT_REFUNDABLE: not in a refundable state',
      422: 'REFUND_EXCEEDS_CAPTURED or INVALID_REFUND_AMOUNT' } },
  { method: 'get', path: '/api/payments/{payment_id}/receipt', operationId: 'getPaymentReceipt', tag: 'Payments', auth: 'bearer',
    access: OWNER_OR_STAFF, summary: 'A printable receipt, with the order lines as they were when it was placed', params: { payment_id: PAYMENT_ID },
    responses: { 200: { description: 'The receipt as an HTML page', media: HTML } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: 'FORBIDDEN: someone else\'s payment', 404: 'NOT_FOUND: no such payment' } },

  // Queue
  { method: 'post', path: '/api/queue/', operationId: 'addToQueue', tag: 'Queue', auth: 'bearer', access: 'STAFF/ADMIN',
    summary: 'Queue an order by hand',
    description: 'Only an existing order in the kitchen\'s hands (confirmed, preparing, ready) of that user: it comes back with its own queue number and status (the orders service is the source of truth).',
    body: { schema: AddToQueueSchema }, responses: { 201: { description: 'Its queue entry', schema: QueueItemSchema } },
    errors: { 400: `${BAD}; or user_id is not the order's owner`, 401: AUTH, 403: STAFF, 404: 'NOT_FOUND: no such order',
      409: 'ORDER_NOT_ACTIVE: the order is not paid yet, or already completed or cancelled' } },
  { method: 'get', path: '/api/queue/active', operationId: 'listActiveQueue', tag: 'Queue', auth: 'optional', summary: 'The live queue',
    description: 'STAFF/ADMIN get full entries in kitchen order; everyone else (no token included) the pickup board\'s `{queue_number, status}`.',
    responses: { 200: { description: 'Queue entries, or board items', schema: [QueueItemListSchema, BoardItemListSchema] } },
    errors: { 401: 'UNAUTHORIZED: a token was sent but it is not valid' } },
  { method: 'get', path: '/api/queue/stats', operationId: 'getQueueStats', tag: 'Queue', auth: 'none', summary: "Today's queue figures",
    responses: { 200: { description: 'The figures', schema: QueueStatsSchema } } },
  { method: 'get', path: '/api/queue/order/{orderId}', operationId: 'getQueueEntry', tag: 'Queue', auth: 'bearer', access: OWNER_OR_STAFF,
    summary: "An order's place in the queue and its ETA", params: { orderId: ORDER_ID },
    responses: { 200: { description: 'The queue entry', schema: QueueItemSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 404: "NOT_FOUND: not in the queue (also another customer's)" } },
  { method: 'put', path: '/api/queue/order/{orderId}', operationId: 'updateQueueEntry', tag: 'Queue', auth: 'bearer', access: 'STAFF/ADMIN',
    summary: "Move an entry along or change its priority", description: 'A status goes to the orders service (the order stays the source of truth); priority 0–10, higher goes first.',
    params: { orderId: ORDER_ID }, body: { schema: UpdateQueueItemSchema }, responses: { 200: { description: 'The queue entry', schema: QueueItemSchema } },
    errors: { 400: `${BAD}; or neither status nor priority`, 401: AUTH, 403: STAFF, 404: 'NOT_FOUND: not in the queue',
      409: 'ILLEGAL_TRANSITION: a status cannot go back' } },
  { method: 'delete', path: '/api/queue/order/{orderId}', operationId: 'removeQueueEntry', tag: 'Queue', auth: 'bearer', access: 'STAFF/ADMIN',
    summary: 'Take an order off the queue (complete or cancel it)',
    description: 'Goes through the order: `complete` hands it out, `cancel` cancels it and what was paid is refunded. Without `action`, a ready order is completed and any other cancelled. An order already finished is simply taken off.',
    params: { orderId: ORDER_ID }, body: { schema: RemoveFromQueueSchema, required: false },
    responses: { 200: { description: 'Removed, with what became of the order', schema: RemovedFromQueueSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: STAFF, 404: 'NOT_FOUND: no such order and nothing in the queue',
      409: 'ILLEGAL_TRANSITION: the order cannot be completed from its state (not paid yet)' } },

  // What the apps need in one call (served when the BFF has JWT_PUBLIC_KEY)
  { method: 'get', path: '/api/me/orders/active', operationId: 'listMyActiveOrders', tag: 'Apps', auth: 'bearer',
    summary: "The caller's unfinished orders with their queue entries", description: '`queue` is null when the queue service does not know the order (or is down).',
    responses: { 200: { description: 'Active orders, newest first', schema: ActiveOrderListSchema } }, errors: { 401: AUTH } },
  { method: 'get', path: '/api/kitchen/tickets', operationId: 'listKitchenTickets', tag: 'Apps', auth: 'bearer', access: 'STAFF/ADMIN',
    summary: "The kitchen display's tickets and all-day counts",
    description: 'Confirmed, preparing and ready orders in kitchen order, with their age and queue entry. `queue_available: false` when the queue service did not answer.',
    responses: { 200: { description: 'The tickets', schema: KitchenTicketsSchema } }, errors: { 401: AUTH, 403: STAFF } },
  { method: 'get', path: '/api/admin/overview', operationId: 'getAdminOverview', tag: 'Apps', auth: 'bearer', access: 'ADMIN',
    summary: "The admin panel's live figures", description: 'A part is null when its service did not answer.',
    responses: { 200: { description: 'The overview', schema: AdminOverviewSchema } }, errors: { 401: AUTH, 403: ADMIN } },
  { method: 'get', path: '/api/admin/analytics', operationId: 'getAdminAnalytics', tag: 'Apps', auth: 'bearer', access: 'ADMIN',
    summary: "The admin dashboard's analytics in one call (orders and payments, fetched in parallel)",
    description: `${RANGE} \`payments\` is null when the payments service did not answer. \`format=csv\` gives the same figures as a CSV file (\`section,key,metric,value\`).`,
    query: AnalyticsQuerySchema,
    responses: { 200: { description: 'The figures (JSON), or the CSV file', schema: AdminAnalyticsSchema, media: ['text/csv'] } },
    errors: { 400: RANGE_400, 401: AUTH, 403: ADMIN } },
  { method: 'get', path: '/api/admin/dead-letters', operationId: 'listDeadLetters', tag: 'Apps', auth: 'bearer', access: 'ADMIN',
    summary: 'Events a consumer gave up on, with their error',
    description: [
      "Every service's dead-letter queues (`<queue>.dead`), each with its depth and up to `limit` dead letters, oldest first.",
      '`reason`: `poison` (the event cannot succeed: it breaks its schema, or describes something impossible, such as a payment for an unknown order), ' +
        '`retries-exhausted` (a transient failure outlasted the retries, about ten minutes), `malformed` (not JSON), `delivery-limit` (its consumer crashed on it).',
      'A service that did not answer is named in `unavailable`. Listing moves nothing. The command `npm run dead-letters` calls this.',
    ].join('\n\n'),
    query: ListDeadLettersQuerySchema, responses: { 200: { description: 'The dead letters', schema: DeadLettersResponseSchema } },
    errors: { 400: BAD_PARAM, 401: AUTH, 403: ADMIN } },
  { method: 'post', path: '/api/admin/dead-letters/redrive', operationId: 'redriveDeadLetters', tag: 'Apps', auth: 'bearer', access: 'ADMIN',
    summary: 'Move dead letters back to their queue, one or all',
    description: 'The dead letter `message_id` (or with `all: true` every one) goes back to `queue` only (not to other queues bound to its routing key), ' +
      'with its original routing key and a fresh set of retries. Handlers are idempotent, so an event applied before changes nothing. One that fails again is dead-lettered again.',
    body: { schema: RedriveRequestSchema }, responses: { 200: { description: 'How many moved', schema: RedriveResponseSchema } },
    errors: { 400: `${BAD}; or neither or both of message_id and all`, 401: AUTH, 403: ADMIN,
      404: 'NOT_FOUND: no service consumes the queue, or it holds no dead letter with that message_id' } },

  // Realtime
  { method: 'get', path: '/ws', operationId: 'openLiveUpdates', tag: 'Realtime', auth: 'none', summary: 'Live queue updates (WebSocket)',
    description: [
      'A WebSocket upgrade (OpenAPI has no operation for the messages; they are under `x-websocket`).',
      'Within 5 s send `{"type":"auth","token":"<access token or null>","since":<seq>?}`; the server answers `welcome`, ' +
        'then the missed messages (`since`) or a `snapshot`, then live `queue_update` / `status_update` / `queue_removed`, each with `seq`.',
      'Every connection, whatever its scope, also gets `menu_update` (`{item_id, change, available, stock, price}`, no `seq`) the moment a dish ' +
        'sells out, comes back or changes price; it is not replayed, so a client refetches the menu on every (re)connect.',
      'Staff see every order, a customer their own, and an anonymous connection the pickup board (numbers and states only).',
    ].join('\n\n'),
    headers: {
      Upgrade: { schema: z.literal('websocket'), description: 'A WebSocket handshake', required: true },
      'Sec-WebSocket-Version': { schema: z.literal('13'), description: 'RFC 6455', required: true },
    },
    responses: { 101: { description: 'Switching Protocols: the socket is open' }, 403: { description: 'The Origin is not allowed (no body)' },
      503: { description: 'The queue service is unreachable (no body)' } },
    websocket: {
      clientMessages: [ClientAuthMessageSchema],
      serverMessages: [WelcomeMessageSchema, SnapshotMessageSchema, QueueUpdateMessageSchema, QueueRemovedMessageSchema, BoardUpdateMessageSchema, MenuUpdateMessageSchema],
    } },
];
