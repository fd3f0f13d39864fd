# syntax=docker/dockerfile:1
# Build: docker build -t interviewprep .
# Several instances with PostgreSQL, Redis and Caddy: compose.yaml. One instance, by hand:
#   docker run --rm --env-file prod.env interviewprep python bin/release   # once per deploy
#   docker run -d --env-file prod.env -p 127.0.0.1:8000:8000 interviewprep  # behind the proxy
# (README, "Deploy", has the variables.)

FROM python:3.13-slim AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml ./
RUN python -m venv /venv \
    && /venv/bin/pip install "pip>=25.1" \
    && /venv/bin/pip install --group runtime

FROM python:3.13-slim AS runtime
# Static files are collected outside var/: a volume mounted on /app/var cannot hide them.
ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_VAR_DIR=/app/var \
    DJANGO_STATIC_ROOT=/app/static-collected \
    PORT=8000
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app
WORKDIR /app
COPY --from=builder /venv /venv
COPY . .
# Static files are collected at build time; these throwaway values exist only for this step.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var && chown -R 10001:10001 /app/var
USER 10001:10001
EXPOSE 8000
# /healthz: 200 while the database answers (also with the cache down, "degraded"), else 503.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "bin/healthcheck"]
CMD ["sh", "-c", "exec gunicorn -c gunicorn.conf.py interviewprep.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3}"]
