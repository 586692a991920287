#!/bin/bash
# As the official apache/kafka image does: every KAFKA_FOO_BAR variable becomes foo.bar in the
# broker's configuration; the log directory is formatted once with CLUSTER_ID.
set -euo pipefail
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS) ;;
    KAFKA_*)
      key="${name#KAFKA_}"
      key="${key,,}"
      echo "${key//_/.}=$value" >> "$config"
      ;;
  esac
done < <(env)
classpath="/opt/kafka/libs/*"
java_opts=(${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -Dlog4j2.level=warn)
if [ ! -f "$(sed -n 's/^log\.dirs=//p' "$config")/meta.properties" ]; then
  java "${java_opts[@]}" -cp "$classpath" kafka.tools.StorageTool format \
    -t "${CLUSTER_ID:?CLUSTER_ID is required}" -c "$config" --ignore-formatted >/dev/null
fi
exec java "${java_opts[@]}" -cp "$classpath" kafka.Kafka "$config"
