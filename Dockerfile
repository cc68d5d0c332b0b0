# One image for the six services: `node dist/services/<name>/src/main.js`, chosen by the SERVICE build arg or
# the command. Multi-stage: dependencies and build in the first stage, production dependencies only in the last.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json ./
COPY libs libs
COPY services services
COPY simulators simulators
COPY tools tools
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# libs/service-kit's SERVICE_NODE_FLAGS (why there; tools/deploy's dockerfile spec keeps the two equal).
ENV NODE_OPTIONS="--max-semi-space-size=64"
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
# The lab simulators' scenarios (docker-compose profile `lab`).
COPY --from=build --chown=node:node /app/simulators/lab/scenarios simulators/lab/scenarios
USER node
ARG SERVICE=gateway
ENV SERVICE=${SERVICE}
CMD ["sh", "-c", "exec node dist/services/${SERVICE}/src/main.js"]
