import { createAdminApi, createBffClient, webStorageSessionStore } from '@canteen/client';

/**
 * The admin's session lives in sessionStorage under its own key: the student app shares this
 * origin (and its localStorage), and an admin session should end with the browser tab.
 */
export const sessions = webStorageSessionStore(sessionStorage, 'canteen.admin.session');
export const client = createBffClient({ sessions });
export const api = createAdminApi(client);

const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });
export const formatMoney = (amount: number): string => inr.format(amount);

/** Times in the canteen's zone, whatever the laptop is set to. */
const dateTime = new Intl.DateTimeFormat('en-IN', {
  day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Kolkata',
});
export const formatDateTime = (iso: string | number | Date): string => dateTime.format(new Date(iso));
