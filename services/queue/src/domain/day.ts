/** Shared with the orders service, which gives the numbers: both must agree on the day. */
export { canteenDay } from '@canteen/service-kit';
