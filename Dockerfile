# One image for every Courtside process: web (daphne), relay, emulator.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# The exact, hashed versions of requirements.lock (as bin/setup installs them), then
# Courtside itself without resolving anything again.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY shottracker ./shottracker
COPY broadcast ./broadcast
COPY dashboard ./dashboard
COPY courtside ./courtside
RUN pip install --no-cache-dir --no-deps .
COPY . .
# Static files under hashed names, with their manifest (production settings need it).
RUN DJANGO_SECRET_KEY=build DJANGO_DEBUG=0 python manage.py collectstatic --noinput
# Not root: the code stays root's (read-only to the processes); /app itself is writable
# only so that a SQLite file can live there (DATABASE_URL unset).
RUN useradd --system --uid 10001 --no-create-home --home-dir /app courtside \
    && chown courtside:courtside /app
USER courtside
EXPOSE 8000
# The web process's /healthz (courtside/health.py): database and channel layer, 503 when
# this process cannot serve. The relay and emulator services of docker-compose.yml
# replace it with their own.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Keepalive: a browser that stops reading is closed within ~15 s (bench/README.md).
# The web process: uvicorn, or daphne with COURTSIDE_WEB_SERVER=daphne; the same keepalive
# (ping 5 s, closed when a pong is 10 s late) and flags either way (courtside/webserver.py).
CMD ["python", "-m", "courtside.webserver", "--port", "8000"]
