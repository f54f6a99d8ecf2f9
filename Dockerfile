# drill: a multi-stage image. Build: docker build -t drill . ; run: docker run -p 8000:8000 drill
# Stage 1 bundles the page scripts from the locked npm packages; stage 2 installs the locked
# Python dependencies and builds the datasets; stage 3 copies only what runs, as a non-root user.
FROM node:20-bookworm-slim AS frontend
WORKDIR /srv/drill/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build

FROM python:3.11-slim-bookworm AS build
ENV UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /srv/drill
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY app app
COPY datasets datasets
COPY question_bank question_bank
COPY prompts prompts
COPY --from=frontend /srv/drill/app/web/static/dist app/web/static/dist
RUN uv sync --frozen --no-dev && .venv/bin/drill datasets build

FROM python:3.11-slim-bookworm
RUN useradd --create-home --uid 10001 drill
WORKDIR /srv/drill
COPY --from=build --chown=drill:drill /srv/drill /srv/drill
USER drill
ENV PATH=/srv/drill/.venv/bin:$PATH DRILL_HOST=0.0.0.0 DRILL_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["drill", "serve"]
