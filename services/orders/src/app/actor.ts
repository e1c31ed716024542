import type { Principal } from '@canteen/service-kit';
import type { StatusActor } from '../store/order.store.ts';

/** The person behind a request, as the status history names them (id and role from the token, never the body). */
export const actorOf = (caller: Principal): StatusActor => ({ userId: Number(caller.userId), role: caller.role });
