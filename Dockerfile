# One image for web and worker: `docker compose up` runs both from it.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Every package, the spaCy model included, is pinned by hash; nothing is downloaded at run time.
COPY requirements.txt .
RUN pip install --require-hashes -r requirements.txt

COPY . .
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && useradd --system --uid 10001 newsroom \
    && mkdir -p /var/lib/newsroom && chown newsroom /var/lib/newsroom
# /var/lib/newsroom: a volume (docker-compose.yml) for what the app writes, a retrained scorer model
USER newsroom

EXPOSE 8000
CMD ["gunicorn", "newsroom.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
