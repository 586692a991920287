# Stand-in for apache/kafka:4.1.1, built only by the compose tests: Debian's Java with the Kafka
# jars from Maven Central (the build context is their cache), configured like the official image
# from KAFKA_* variables.
FROM tousu-standin/debian:bookworm
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 --home-dir /opt/kafka appuser \
    && mkdir -p /var/lib/kafka/data /opt/kafka/config \
    && chown -R appuser /var/lib/kafka /opt/kafka
COPY libs /opt/kafka/libs
COPY kafka-entrypoint.sh /usr/local/bin/kafka-entrypoint.sh
USER appuser
EXPOSE 9092
ENTRYPOINT ["kafka-entrypoint.sh"]
