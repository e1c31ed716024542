import { randomBytes } from 'node:crypto';
import { testUrls } from '@canteen/service-kit/testing';
import mysql from 'mysql2/promise';
import { createMysqlOrderStore } from '../../src/store/mysql.order-store.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import { startLoop, type Loop } from './helpers.ts';

/**
 * An orders store on a throw-away MariaDB database of its own (the server is shared by other
 * runs): `drop()` after the store is closed removes the database.
 */
export async function freshMariaDbOrderStore(): Promise<{ store: OrderStore; drop(): Promise<void> }> {
  const dbName = `orders_http_${randomBytes(6).toString('hex')}`;
  const root = new URL(testUrls.mysql);
  root.pathname = '/';
  const asRoot = async (sql: string) => {
    const conn = await mysql.createConnection({ uri: root.toString() });
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  };
  await asRoot(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(testUrls.mysql);
  url.pathname = `/${dbName}`;
  return { store: createMysqlOrderStore(url.toString()), drop: () => asRoot(`DROP DATABASE IF EXISTS \`${dbName}\``) };
}

/** The order loop with the orders service on a fresh MariaDB database; `cleanup` stops it and drops the database. */
export async function loopOnMariaDb(): Promise<{ loop: Loop; cleanup(): Promise<void> }> {
  const fresh = await freshMariaDbOrderStore();
  try {
    const loop = await startLoop({ ordersStore: fresh.store });
    return {
      loop,
      cleanup: async () => {
        await loop.stop();
        await fresh.drop();
      },
    };
  } catch (err) {
    await fresh.store.close();
    await fresh.drop();
    throw err;
  }
}
