# Stand-in for python:3.11-slim, built only by the compose tests on machines that reach no image
# registry: Debian bookworm's Python 3.11 with pip, laid out like the official image.
FROM tousu-standin/debian:bookworm
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        python3 python3-pip python3-venv \
    && rm -rf /var/lib/apt/lists/* /usr/lib/python3.11/EXTERNALLY-MANAGED \
    && ln -s /usr/bin/python3 /usr/local/bin/python \
    && ln -s /usr/bin/pip3 /usr/local/bin/pip
CMD ["python3"]
