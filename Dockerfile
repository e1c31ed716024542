# One image for every deployable; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/* && npm install -g pnpm@12.4.2
WORKDIR /app
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/client/package.json packages/client/
COPY services/users/package.json services/users/
COPY services/menu/package.json services/menu/
COPY services/orders/package.json services/orders/
COPY services/payments/package.json services/payments/
COPY services/queue/package.json services/queue/
COPY bff/package.json bff/
COPY launcher/package.json launcher/
COPY packages/ui/package.json packages/ui/
COPY pwa/package.json pwa/
COPY admin/package.json admin/
# Native addons (better-sqlite3) build against the image's own Node headers.
RUN npm_config_nodedir=/usr/local pnpm install --frozen-lockfile
COPY . .
# The student app (/) and the admin panel (/admin) the BFF serves (their dist/ folders are not in the build context).
RUN node scripts/ensure-web-apps.mjs
ENV NODE_ENV=production HOST=0.0.0.0
# Writable by the unprivileged user; named volumes mounted here inherit the ownership.
RUN mkdir -p /app/data /images /payments && chown node:node /app/data /images /payments
USER node
CMD ["node_modules/.bin/tsx", "launcher/src/all-in-one.ts"]
