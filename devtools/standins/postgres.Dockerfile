# Stand-in for postgres:17, built only by the compose tests: Debian's PostgreSQL (15) behind an
# entry point that honours the official image's POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB and
# data directory.
FROM tousu-standin/debian:bookworm
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
