# syntax=docker/dockerfile:1
# Image of the product (#16): the compiled server (node dist/server.js, no tsx), the Mini App's
# static files and the migrations; production dependencies only; runs as a non-root user.
#   docker build -t shnor .
#   docker run --env-file .env -p 3000:3000 -v shnor-data:/data shnor
# compose.yaml runs two of these behind nginx with PostgreSQL (README, «Docker и compose»).

# ---- build: dev dependencies, Prisma client, Mini App (vite), server bundle (esbuild) ----
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the only install scripts in the tree are the four package.json's allowScripts
# refuses (Prisma's engine downloads, esbuild's postinstall); npm 10 in this image does not read allowScripts.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime ----
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# dist/: server.js, cli.js, their chunks and dist/migrations (esbuild.config.mjs copies them there).
COPY --from=build /src/dist ./dist
# The server finds the Mini App at <dist>/../miniapp/web/dist (server/app.ts WEB_DIST).
COPY --from=build /src/miniapp/web/dist ./miniapp/web/dist
# A dedicated user; /data (files, the embedded database when DATABASE_URL is empty) is its only writable place.
RUN groupadd --system --gid 10001 shnor \
 && useradd --system --uid 10001 --gid shnor --home-dir /app --no-create-home --shell /usr/sbin/nologin shnor \
 && mkdir -p /data/files \
 && chown -R shnor:shnor /data
USER shnor
VOLUME ["/data"]
EXPOSE 3000
# Alive = the HTTP server answers /healthz (200 ok or 503 degraded: a messenger being unreachable is
# not cured by a restart). Readiness for a load balancer is /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200||r.status===503?0:1),()=>process.exit(1))"]
# As `npm start` runs it: MALLOC_ARENA_MAX=2 (above) and a small young generation (README, memory).
CMD ["node", "--max-semi-space-size=1", "dist/server.js"]
