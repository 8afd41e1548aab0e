# Pressdesk: the web process with its inline job worker. Runs the TypeScript
# sources through tsx, exactly as `npm start` does (no build step to drift).
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

WORKDIR /app

# Dependencies first, so source edits do not reinstall them. tsx is a runtime
# dependency; dev tools (typescript, vitest, types) are left out.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY db ./db
COPY emails ./emails

# Only used without DATABASE_URL (embedded Postgres); owned by the runtime user.
RUN mkdir -p /app/.data && chown node:node /app/.data

# The image's unprivileged `node` user (uid 1000).
USER node

EXPOSE 3000 2525

HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# `npm start` without npm in between: node is the process that receives SIGTERM
# and drains (readiness off, requests finish, jobs handed back) before exiting.
CMD ["node", "--import", "tsx", "src/index.ts"]
