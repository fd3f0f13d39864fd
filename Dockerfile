# syntax=docker/dockerfile:1
# Build: docker build -t interviewprep .
# Run:   docker run -p 8000:8000 -e DJANGO_SECRET_KEY=... -e DJANGO_ALLOWED_HOSTS=example.com \
#          -e DATABASE_URL=postgres://... interviewprep

FROM python:3.13-slim AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml ./
RUN python -m venv /venv \
    && /venv/bin/pip install "pip>=25.1" \
    && /venv/bin/pip install --group runtime

FROM python:3.13-slim AS runtime
ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_VAR_DIR=/app/var \
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
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "bin/healthcheck"]
CMD ["sh", "-c", "exec gunicorn -c gunicorn.conf.py interviewprep.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3}"]
