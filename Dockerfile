# suivi in a container: a multi-stage build, a non-root user, the database on a volume.
#   docker build -t suivi .
#   docker run -d --name suivi -v suivi-data:/data \
#     --mount type=bind,source=/etc/suivi/token,target=/run/secrets/token,readonly \
#     -e SUIVI_TOKEN_FILE=/run/secrets/token suivi
# The token file must be readable by the container's user (uid 10001) and by no one else.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin suivi

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /data --shell /usr/sbin/nologin suivi \
 && mkdir -p /data /etc/suivi && chown suivi:suivi /data && chmod 0700 /data
COPY --from=build /src/target/release/suivi /usr/local/bin/suivi
COPY bot.toml /etc/suivi/bot.toml
USER suivi
WORKDIR /data
VOLUME ["/data"]
ENV SUIVI_CONFIG=/etc/suivi/bot.toml \
    SUIVI_DATABASE=/data/suivi.db \
    RUST_LOG=suivi=info
HEALTHCHECK --interval=60s --timeout=10s --retries=3 CMD ["suivi", "status", "--health"]
STOPSIGNAL SIGTERM
CMD ["suivi", "run"]
