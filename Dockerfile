# syntax=docker/dockerfile:1
# Meldestelle: one image for the web server (gunicorn), the task worker
# (`manage.py db_worker`) and one-off commands (`manage.py migrate`, `keys`, …).
# No secret is baked in: everything comes from the environment at run time
# (docker-compose.yml, .env.example, docs/operations.md).
ARG PYTHON_VERSION=3.11

# ---------------------------------------------------------------- build
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /src
COPY . .
# The runtime dependencies (no dev extras); every one ships a wheel, so no compiler.
RUN pip install .
# Static files with their hashed names (whitenoise's manifest needs DEBUG off). The
# settings refuse to load without secrets, so this one command gets throw-away
# values: they are not ENV, so they exist only in this RUN of the build stage,
# which the final image does not contain.
RUN DJANGO_SECRET_KEY=build-time-only-collectstatic-not-a-secret \
    MELDESTELLE_RECEIPT_SALT=build-time-only-collectstatic-not-a-secret \
    python manage.py collectstatic --noinput --verbosity 0

# ---------------------------------------------------------------- runtime
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 meldestelle \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin meldestelle
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code runs from /app (templates, static sources and catalogues live next to it);
# it shadows the copy that `pip install .` put into the venv. Owned by root: the
# application cannot change its own code.
COPY . .
COPY --from=build /src/staticfiles ./staticfiles
RUN python -m compileall -q config reporting api frontend performance web \
    && mkdir -p var/media \
    && chown -R 10001:10001 var
# Nothing is written at run time (attachments are in the database); var/media is only
# where migration 0020 finds the sealed files of earlier versions (docker-compose.yml).
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]
CMD ["gunicorn", "--config", "config/gunicorn.conf.py", "config.wsgi"]
