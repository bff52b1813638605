# Pyra as a server: the jlinked distribution (its own Java runtime) on a slim Debian, run as a
# non-root user, its data directory a volume, its health checked on /api/v1/health.
#   docker build -t pyra .        (or: docker compose up -d --build, see docker-compose.yml)
# Docs: docs/install.md#a-server-docker-and-an-external-postgresql

# --- build: the same two commands as the README ---
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B package -DskipTests -P '!installers' \
 && rm -rf distribution/target/pyra/docs/images

# --- run ---
FROM debian:bookworm-slim
# curl for the health check; locales and tzdata for the embedded PostgreSQL's initdb
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl tzdata locales ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 --shell /usr/sbin/nologin pyra \
 && mkdir /data && chown pyra:pyra /data
COPY --from=build --chown=root:root /src/distribution/target/pyra /opt/pyra
USER pyra
ENV HOME=/home/pyra
VOLUME ["/data"]
# 8080: the web app and API (bound to 127.0.0.1 inside: use the host's network, see docker-compose.yml)
# 8081: the webhook
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/api/v1/health || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/pyra/bin/pyra", "--data-dir", "/data", "--webhook-bind", "0.0.0.0"]
