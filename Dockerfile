# One image for every Tousu process; docker-compose.yml picks the role with `command`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY tousu ./tousu
COPY migrations ./migrations
RUN pip install ".[s3]" \
    && useradd --system --uid 10001 --home-dir /app tousu \
    && mkdir -p /app/var/attachments /app/var/spool /app/var/models \
    && chown -R tousu /app/var
USER tousu

EXPOSE 8000
CMD ["tousu", "--help"]
