# The georeg app image (production-like path; see docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY geo geo
COPY api api
COPY cli cli
COPY layers layers
COPY maps maps
COPY alembic alembic
COPY data data
RUN pip install --no-cache-dir .
COPY --from=assets /build/node_modules node_modules
ENV GEOREG_HOST=0.0.0.0 \
    GEOREG_PORT=8000 \
    GEOREG_DATA_DIR=/app/data \
    GEOREG_ASSETS_DIR=/app/node_modules
EXPOSE 8000
# the schema brought up to date at each start; the sample data only when asked, once (docs/deployment.md)
CMD ["sh", "-c", "georeg db migrate && exec georeg serve"]
