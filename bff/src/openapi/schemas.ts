import { z } from 'zod';
import {
  AddToQueueSchema,
  RemoveFromQueueSchema,
  RemovedFromQueueSchema,
  AdminUserSchema,
  AuthResponseSchema,
  BoardItemSchema,
  BoardUpdateMessageSchema,
  CancelOrderSchema,
  CategorySchema,
  ClientAuthMessageSchema,
  CreateCategorySchema,
  CreateMenuItemSchema,
  CreateOrderSchema,
  CreatePaymentSchema,
  ErrorBodySchema,
  LoginRequestSchema,
  LogoutRequestSchema,
  MenuItemSchema,
  OrderSchema,
  PaymentSchema,
  PaymentStatsSchema,
  ProcessPaymentSchema,
  ProfileSchema,
  PushSubscriptionSchema,
  PushUnsubscribeSchema,
  QueueItemSchema,
  QueueRemovedMessageSchema,
  QueueStatsSchema,
  QueueUpdateMessageSchema,
  RefreshRequestSchema,
  RefundRequestSchema,
  RegisterRequestSchema,
  SnapshotMessageSchema,
  UpdateCategorySchema,
  UpdateMenuItemSchema,
  UpdateOrderStatusSchema,
  UpdatePaymentStatusSchema,
  UpdateProfileRequestSchema,
  UpdateQueueItemSchema,
  UpdateUserRequestSchema,
  UserListSchema,
  WelcomeMessageSchema,
} from '@canteen/contracts';

/*
 * The shapes the contracts package does not hold, because only the BFF document needs them
 * (a list is an array of a contract, the health answer is service-kit's). They are zod too,
 * so the whole document comes from code that also runs.
 */
const DependencySchema = z.object({ status: z.enum(['up', 'down']), detail: z.string().optional() });
export const HealthSchema = z.object({
  status: z.enum(['OK', 'DOWN']),
  service: z.string(),
  timestamp: z.string(),
  dependencies: z.record(z.string(), DependencySchema),
});
export const ReadinessSchema = z.object({ ready: z.boolean(), dependencies: z.record(z.string(), DependencySchema) });
export const MessageSchema = z.object({ message: z.string() });
export const VapidPublicKeySchema = z.object({ publicKey: z.string() });
export const PushSubscriptionListSchema = z.object({
  subscriptions: z.array(z.object({ endpoint: z.string(), expirationTime: z.number().nullable(), createdAt: z.string() })),
});
export const PushSubscribedSchema = z.object({ endpoint: z.string(), subscribed: z.literal(true) });
export const MenuItemImageUploadSchema = z.object({ image: z.file().mime(['image/png', 'image/jpeg', 'image/webp']) });
export const OpenApiDocumentSchema = z.record(z.string(), z.unknown());
export const CategoryListSchema = z.array(CategorySchema);
export const MenuItemListSchema = z.array(MenuItemSchema);
export const OrderListSchema = z.array(OrderSchema);
export const QueueItemListSchema = z.array(QueueItemSchema);
export const BoardItemListSchema = z.array(BoardItemSchema);

/** The BFF's aggregations (`bff/src/http/aggregate.routes.ts`): contracts, put together. */
const WithQueue = { queue: QueueItemSchema.nullable() };
export const ActiveOrderListSchema = z.array(OrderSchema.extend(WithQueue));
export const KitchenTicketsSchema = z.object({
  tickets: z.array(OrderSchema.extend({ ...WithQueue, age_seconds: z.number().int() })),
  /** Portions still to make, per dish name, most first. */
  all_day: z.record(z.string(), z.number().int()),
  queue_available: z.boolean(),
});
export const AdminOverviewSchema = z.object({
  payments: PaymentStatsSchema.nullable(),
  queue: QueueStatsSchema.nullable(),
  menu: z.object({ items: z.number().int(), sold_out: z.number().int() }).nullable(),
  recent_orders_by_status: z.record(z.string(), z.number().int()).nullable(),
});

/** Query strings of the menu routes (kept in the menu service's http layer, not in contracts). */
export const IncludeInactiveQuerySchema = z.object({ include_inactive: z.enum(['true', 'false']).optional() });
export const CascadeQuerySchema = z.object({ cascade: z.enum(['true', 'false']).optional() });

/**
 * Component names of request bodies (converted as zod *input*: defaults are optional,
 * coercions and transforms show what the client sends). The names are part of the document's
 * public face: renaming one breaks generated clients, so keep them stable.
 */
export const REQUEST_SCHEMAS = {
  RegisterRequest: RegisterRequestSchema,
  LoginRequest: LoginRequestSchema,
  RefreshRequest: RefreshRequestSchema,
  LogoutRequest: LogoutRequestSchema,
  UpdateProfileRequest: UpdateProfileRequestSchema,
  UpdateUserRequest: UpdateUserRequestSchema,
  PushSubscription: PushSubscriptionSchema,
  PushUnsubscribeRequest: PushUnsubscribeSchema,
  CreateCategoryRequest: CreateCategorySchema,
  UpdateCategoryRequest: UpdateCategorySchema,
  CreateMenuItemRequest: CreateMenuItemSchema,
  UpdateMenuItemRequest: UpdateMenuItemSchema,
  MenuItemImageUpload: MenuItemImageUploadSchema,
  CreateOrderRequest: CreateOrderSchema,
  UpdateOrderStatusRequest: UpdateOrderStatusSchema,
  CancelOrderRequest: CancelOrderSchema,
  CreatePaymentRequest: CreatePaymentSchema,
  ProcessPaymentRequest: ProcessPaymentSchema,
  UpdatePaymentStatusRequest: UpdatePaymentStatusSchema,
  RefundRequest: RefundRequestSchema,
  AddToQueueRequest: AddToQueueSchema,
  UpdateQueueItemRequest: UpdateQueueItemSchema,
  RemoveFromQueueRequest: RemoveFromQueueSchema,
  ClientAuthMessage: ClientAuthMessageSchema,
} as const;

/** Component names of response bodies (converted as zod *output*). */
export const RESPONSE_SCHEMAS = {
  RemovedFromQueue: RemovedFromQueueSchema,
  ErrorBody: ErrorBodySchema,
  Health: HealthSchema,
  Readiness: ReadinessSchema,
  Message: MessageSchema,
  OpenApiDocument: OpenApiDocumentSchema,
  AuthResponse: AuthResponseSchema,
  Profile: ProfileSchema,
  AdminUser: AdminUserSchema,
  UserList: UserListSchema,
  VapidPublicKey: VapidPublicKeySchema,
  PushSubscriptionList: PushSubscriptionListSchema,
  PushSubscribed: PushSubscribedSchema,
  Category: CategorySchema,
  CategoryList: CategoryListSchema,
  MenuItem: MenuItemSchema,
  MenuItemList: MenuItemListSchema,
  Order: OrderSchema,
  OrderList: OrderListSchema,
  Payment: PaymentSchema,
  PaymentStats: PaymentStatsSchema,
  QueueItem: QueueItemSchema,
  QueueItemList: QueueItemListSchema,
  BoardItem: BoardItemSchema,
  BoardItemList: BoardItemListSchema,
  QueueStats: QueueStatsSchema,
  ActiveOrderList: ActiveOrderListSchema,
  KitchenTickets: KitchenTicketsSchema,
  AdminOverview: AdminOverviewSchema,
  WelcomeMessage: WelcomeMessageSchema,
  SnapshotMessage: SnapshotMessageSchema,
  QueueUpdateMessage: QueueUpdateMessageSchema,
  QueueRemovedMessage: QueueRemovedMessageSchema,
  BoardUpdateMessage: BoardUpdateMessageSchema,
} as const;

export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS;
export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
