# The app's image for temporal-dev.yml (worker, API, simulators share it; the command picks the part).
# Docker does not run on the project's own machines: `make start` is the supported way there.
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# `npm ci` refuses a lock file that lacks other platforms' optional packages (npm/cli#4828);
# `npm install` then installs the same locked versions.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY . .
RUN npm run --if-present db:generate
RUN mkdir -p /app/.data && chown -R node:node /app/.data
USER node
ENV APP_ENV=development \
    DATA_DIR=/app/.data
CMD ["npx", "tsx", "api/main.ts"]
