# Frontline worker image (Python 3.11, Faust worker with RocksDB table state).
#   docker build -t frontline:dev .
#   docker run --rm -e FRONTLINE_BROKER=kafka://kafka:9092 -p 6066:6066 frontline:dev
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
# the runtime package only: .dockerignore leaves out services/frontline_dev (the dev tools),
# and pyproject's package list has only `frontline` (tests/unit/test_packaging.py checks both)
COPY services ./services
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install ".[rocksdb,fast]"
# Prebuild the gazetteer index so a worker starts in seconds, not tens of seconds.
RUN FRONTLINE_CACHE_DIR=/opt/frontline-cache /opt/venv/bin/python -m frontline.geo.index

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --home-dir /var/lib/frontline --shell /usr/sbin/nologin frontline \
 && mkdir -p /var/lib/frontline/worker /var/lib/frontline/cache \
 && chown -R frontline /var/lib/frontline
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/frontline-cache /opt/frontline-cache
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    FRONTLINE_WEB_BIND=0.0.0.0 \
    FRONTLINE_WEB_PORT=6066 \
    FRONTLINE_STORE=rocksdb:// \
    FRONTLINE_DATA_DIR=/var/lib/frontline/worker \
    FRONTLINE_STATE_DIR=/var/lib/frontline \
    FRONTLINE_CACHE_DIR=/opt/frontline-cache
USER 10001
WORKDIR /var/lib/frontline
VOLUME ["/var/lib/frontline"]
EXPOSE 6066
# Healthy = ready: /readyz (recovered, broker answering); /livez is the liveness check.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:6066/readyz', timeout=4)"]
ENTRYPOINT ["frontline"]
CMD ["worker"]
