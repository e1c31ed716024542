import { z } from 'zod';
import {
  AdminAnalyticsSchema,
  OrderAnalyticsSchema,
  PaymentAnalyticsSchema,
  ActiveOrderListSchema,
  AddToQueueSchema,
  AdminOverviewSchema,
  DeadLettersResponseSchema,
  RedriveRequestSchema,
  RedriveResponseSchema,
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
  KitchenTicketsSchema,
  LoginRequestSchema,
  LogoutRequestSchema,
  ChangePasswordRequestSchema,
  MenuItemSchema,
  OrderSchema,
  OrderHistorySchema,
  PaymentSchema,
  RefundAnswerSchema,
  PaymentStatsSchema,
  ProcessPaymentSchema,
  ProfileSchema,
  PushSubscriptionSchema,
  PushUnsubscribeSchema,
  QueueItemSchema,
  QueueRemovedMessageSchema,
  MenuUpdateMessageSchema,
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
/** `warn`: works, but wants a look (dead letters waiting); it does not make /health 503. */
const DependencySchema = z.object({ status: z.enum(['up', 'warn', 'down']), detail: z.string().optional() });
export const HealthSchema = z.object({
  status: z.enum(['OK', 'DOWN']),
  service: z.string(),
  timestamp: z.string(),
  /** For staff and monitoring only; strangers get the status alone. */
  dependencies: z.record(z.string(), DependencySchema).optional(),
  /** Each dependency that warns, as `name: detail` (absent when none does). */
  warnings: z.array(z.string()).optional(),
});
export const ReadinessSchema = z.object({ ready: z.boolean(), dependencies: z.record(z.string(), DependencySchema).optional() });
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
export { ActiveOrderListSchema, AdminOverviewSchema, KitchenTicketsSchema };
export const BoardItemListSchema = z.array(BoardItemSchema);

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
  ChangePasswordRequest: ChangePasswordRequestSchema,
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
  RedriveRequest: RedriveRequestSchema,
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
  OrderHistory: OrderHistorySchema,
  Payment: PaymentSchema,
  RefundAnswer: RefundAnswerSchema,
  PaymentStats: PaymentStatsSchema,
  QueueItem: QueueItemSchema,
  QueueItemList: QueueItemListSchema,
  BoardItem: BoardItemSchema,
  BoardItemList: BoardItemListSchema,
  QueueStats: QueueStatsSchema,
  ActiveOrderList: ActiveOrderListSchema,
  KitchenTickets: KitchenTicketsSchema,
  AdminOverview: AdminOverviewSchema,
  AdminAnalytics: AdminAnalyticsSchema,
  OrderAnalytics: OrderAnalyticsSchema,
  PaymentAnalytics: PaymentAnalyticsSchema,
  DeadLetters: DeadLettersResponseSchema,
  RedriveResponse: RedriveResponseSchema,
  WelcomeMessage: WelcomeMessageSchema,
  SnapshotMessage: SnapshotMessageSchema,
  QueueUpdateMessage: QueueUpdateMessageSchema,
  QueueRemovedMessage: QueueRemovedMessageSchema,
  BoardUpdateMessage: BoardUpdateMessageSchema,
  MenuUpdateMessage: MenuUpdateMessageSchema,
} as const;

export type RequestSchemaName = keyof typeof REQUEST_SCHEMAS;
export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
