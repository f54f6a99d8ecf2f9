# drill: a multi-stage image. Build: docker build -t drill . ; run: docker run -p 8000:8000 drill
# Stage 1 installs the locked dependencies and builds the datasets; stage 2 copies only what
# runs, as a non-root user.
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
