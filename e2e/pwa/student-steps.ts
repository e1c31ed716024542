import type { Page } from 'playwright-core';

/** What a student does in the app, by roles and labels, shared by the student app's browser tests. */
export const STUDENT = { email: 'student@canteen.local', password: 'canteen-student' };
export const STAFF = { email: 'staff@canteen.local', password: 'canteen-staff' };
export const SECOND = 1000;

export async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: /^Sign out/ }).waitFor();
}

/** A new account of its own, so the test can count exactly its orders. */
export async function signUp(page: Page, name: string) {
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@campus.example`);
  await page.getByLabel('Password').fill('a quiet lunch 42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: new RegExp(`^Sign out ${name}`) }).waitFor();
}

export async function addMasalaDosaWithCheese(page: Page) {
  await page.getByRole('button', { name: 'Add Masala Dosa' }).click();
  const sheet = page.getByRole('dialog', { name: 'Masala Dosa' });
  await sheet.getByRole('checkbox', { name: /Cheese/ }).check();
  await sheet.getByRole('button', { name: 'One more' }).click();
  await sheet.getByRole('button', { name: /^Add to cart/ }).click();
  await sheet.waitFor({ state: 'detached' });
}

// Browser code is passed as text: the workspace is type-checked without the DOM library.
/** The app's stored session (IndexedDB, where the service worker reads it too), or null. */
export const STORED_SESSION = `new Promise((resolve, reject) => {
  const open = indexedDB.open('canteen-session');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('session')) return resolve(null);
    const read = db.transaction('session').objectStore('session').get('current');
    read.onsuccess = () => (db.close(), resolve(read.result ?? null));
    read.onerror = () => reject(read.error);
  };
})`;
const MY_ORDERS = `(async () => {
  const session = await ${STORED_SESSION};
  const response = await fetch('/api/orders/user/' + session.user.id, { headers: { authorization: 'Bearer ' + session.accessToken } });
  return response.json();
})()`;
export const OUTBOX_SIZE = `new Promise((resolve) => {
  const open = indexedDB.open('canteen');
  open.onsuccess = () => {
    const count = open.result.transaction('outbox').objectStore('outbox').count();
    count.onsuccess = () => resolve(count.result);
  };
})`;
/** Orders of the signed-in student, straight from the API with the app's own session. */
export const ordersOf = (page: Page) => page.evaluate(MY_ORDERS) as Promise<{ id: number; total_amount: number }[]>;
