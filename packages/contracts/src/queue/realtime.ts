import { z } from 'zod';
import { BoardItemSchema, QueueItemSchema } from './queue.ts';

/**
 * The real-time stream (`/ws`). The first client message authenticates; `since` asks for
 * what was missed after that sequence number. Every server message carries `seq`, so a
 * client that reconnects says where it stopped.
 */
export const ClientAuthMessageSchema = z.object({
  type: z.literal('auth'),
  /** An access token; absent or null: the anonymous pickup-board stream. */
  token: z.string().max(4096).nullish(),
  since: z.number().int().min(0).optional(),
});
export type ClientAuthMessage = z.infer<typeof ClientAuthMessageSchema>;

export const QueueUpdateMessageSchema = z.object({
  type: z.enum(['queue_update', 'status_update']),
  seq: z.number().int(),
  data: QueueItemSchema,
});
export const QueueRemovedMessageSchema = z.object({
  type: z.literal('queue_removed'),
  seq: z.number().int(),
  data: z.object({ order_id: z.number().int(), queue_number: z.number().int().optional(), user_id: z.number().int().optional() }),
});
/** What the anonymous board stream gets instead of full items. */
export const BoardUpdateMessageSchema = z.object({
  type: z.enum(['queue_update', 'status_update', 'queue_removed']),
  seq: z.number().int(),
  data: BoardItemSchema.partial({ status: true }),
});
/**
 * A dish's public state moved (sold out, back, stock, price): sent to every connection,
 * whatever its scope, the moment the menu service announces it. It has no `seq`: it is not
 * part of the resumable order stream, so a client refetches the menu on every (re)connect.
 */
export const MenuUpdateMessageSchema = z.object({
  type: z.literal('menu_update'),
  data: z.object({
    item_id: z.string(),
    /** `deleted`: gone from the menu (and `available` false). */
    change: z.enum(['created', 'updated', 'deleted']),
    available: z.boolean(),
    stock: z.number().int().nullable(),
    price: z.number(),
  }),
});
export type MenuUpdateMessage = z.infer<typeof MenuUpdateMessageSchema>;
/** After auth: who the server thinks you are, and what you missed (or a fresh snapshot). */
export const WelcomeMessageSchema = z.object({
  type: z.literal('welcome'),
  seq: z.number().int(),
  scope: z.enum(['staff', 'customer', 'board']),
  /** `replay`: the missed messages follow; `snapshot`: too old to replay, here is the state now. */
  resume: z.enum(['replay', 'snapshot', 'none']),
});
export const SnapshotMessageSchema = z.object({
  type: z.literal('snapshot'),
  seq: z.number().int(),
  data: z.array(z.union([QueueItemSchema, BoardItemSchema])),
});
