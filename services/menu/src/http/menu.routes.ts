import express, { Router, type RequestHandler } from 'express';
import multer from 'multer';
import {
  CreateCategorySchema,
  CreateMenuItemSchema,
  ListMenuItemsQuerySchema,
  MenuIdSchema,
  UpdateCategorySchema,
  UpdateMenuItemSchema,
} from '@canteen/contracts';
import { AppError, authenticate, badRequest, parseInput, requireRole, type TokenVerifier } from '@canteen/service-kit';
import { z } from 'zod';
import * as categories from '../app/categories.ts';
import type { MenuDeps } from '../app/deps.ts';
import { MAX_IMAGE_BYTES, saveImage } from '../app/images.ts';
import * as items from '../app/items.ts';
import { adminOrStaffAvailability } from './guards.ts';

const CascadeQuery = z.object({ cascade: z.enum(['true', 'false']).optional() });
const IncludeInactiveQuery = z.object({ include_inactive: z.enum(['true', 'false']).optional() });

/** Menu reads may be cached, but must be revalidated (ETag → 304) so "sold out" shows at once. */
const revalidate: RequestHandler = (req, res, next) => {
  res.setHeader('Cache-Control', 'no-cache');
  // fetch() adds `Cache-Control: no-cache` to every request that carries If-None-Match (the BFF's
  // cache revalidates that way), and Express then never answers 304. A conditional request is
  // itself the revalidation, so the origin answers it whatever the request's Cache-Control says.
  if (req.headers['if-none-match']) delete req.headers['cache-control'];
  next();
};

function uploadImage(): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 5 } });
  const single = upload.single('image');
  return (req, res, next) =>
    single(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return next(new AppError(413, 'IMAGE_TOO_LARGE', 'The image is larger than 2 MB'));
        return next(badRequest(`Upload refused: ${err.message}`));
      }
      next(err);
    });
}

export function menuRoutes(deps: MenuDeps, verifier: TokenVerifier, imageDir: string): Router {
  const router = Router();
  const signedIn = authenticate(verifier);
  const admin = [signedIn, requireRole('ADMIN')];
  const id = (value: unknown, name = 'id') => parseInput(MenuIdSchema, value, name);

  router.get('/categories', revalidate, async (req, res) => {
    const query = parseInput(IncludeInactiveQuery, req.query);
    res.json(await categories.listCategories(deps, query.include_inactive === 'true'));
  });
  router.post('/categories', ...admin, async (req, res) => {
    res.status(201).json(await categories.createCategory(deps, parseInput(CreateCategorySchema, req.body)));
  });
  router.put('/categories/:id', ...admin, async (req, res) => {
    res.json(await categories.updateCategory(deps, id(req.params.id), parseInput(UpdateCategorySchema, req.body)));
  });
  router.delete('/categories/:id', ...admin, async (req, res) => {
    const cascade = parseInput(CascadeQuery, req.query).cascade === 'true';
    await categories.deleteCategory(deps, id(req.params.id), cascade);
    res.json({ message: 'Category deleted successfully' });
  });

  router.get('/items', revalidate, async (req, res) => {
    res.json(await items.listItems(deps, parseInput(ListMenuItemsQuerySchema, req.query)));
  });
  router.get('/items/category/:categoryId', revalidate, async (req, res) => {
    const query = parseInput(ListMenuItemsQuerySchema, req.query);
    res.json(await items.listItemsOfCategory(deps, id(req.params.categoryId), query));
  });
  router.get('/items/:id', revalidate, async (req, res) => {
    res.json(await items.getItem(deps, id(req.params.id)));
  });
  router.post('/items', ...admin, async (req, res) => {
    res.status(201).json(await items.createItem(deps, parseInput(CreateMenuItemSchema, req.body)));
  });
  router.put('/items/:id', signedIn, adminOrStaffAvailability, async (req, res) => {
    res.json(await items.updateItem(deps, id(req.params.id), parseInput(UpdateMenuItemSchema, req.body)));
  });
  router.delete('/items/:id', ...admin, async (req, res) => {
    await items.deleteItem(deps, id(req.params.id));
    res.json({ message: 'Menu item deleted successfully' });
  });
  router.post('/items/:id/image', ...admin, uploadImage(), async (req, res) => {
    const itemId = id(req.params.id);
    if (!req.file) throw badRequest('Send the picture as multipart/form-data in the field "image"');
    // Check the item first, so a refused upload leaves no file behind for a missing item.
    await items.getItem(deps, itemId);
    res.json(await items.setItemImage(deps, itemId, await saveImage(imageDir, req.file.buffer)));
  });

  // Content-addressed files: a URL never changes meaning, so browsers keep them for a year.
  router.use(
    '/images',
    express.static(imageDir, { immutable: true, maxAge: '365d', index: false, fallthrough: true, dotfiles: 'deny' }),
  );
  return router;
}
