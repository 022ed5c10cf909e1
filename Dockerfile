# syntax=docker/dockerfile:1
# Build stage: compile TypeScript, then drop dev dependencies.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/build-console.mjs ./scripts/
RUN npm run build && npm prune --omit=dev

# Runtime stage: only what runs, as the unprivileged "node" user.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
COPY channels ./channels
COPY templates ./templates
RUN mkdir -p /data && chown node:node /data
USER node
# Embedded mode keeps its database and generated secrets key here; with DATABASE_URL it stays empty.
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# As `npm start` does: the port checked, then the migrations, then the server.
CMD ["sh", "-c", "node dist/cli/migrate.js --before-start && exec node dist/server.js"]
