# One image for every Courtside process: web (daphne), relay, emulator.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY shottracker ./shottracker
COPY broadcast ./broadcast
COPY dashboard ./dashboard
COPY courtside ./courtside
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_SECRET_KEY=build DJANGO_DEBUG=0 python manage.py collectstatic --noinput
EXPOSE 8000
# Keepalive: a browser that stops reading is closed within ~15 s (bench/README.md).
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--ping-interval", "5", "--ping-timeout", "10", \
     "courtside.asgi:application"]
