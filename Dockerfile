# Image for the Temporal worker (default), the web app and the migration job:
#   worker:  python worker.py
#   web:     uvicorn web.main:app --host 0.0.0.0 --port 8000
#   migrate: python -m db.migrations
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Both processes start from /app, so the source tree here (with templates/ and
# campaigns/) is what gets imported; the install provides the dependencies.
WORKDIR /app

# LibreOffice's Writer, without its recommended extras, makes the PDF copies of the documents; Liberation
# Serif 2 prints their Times New Roman with the Vietnamese letters (fonts-liberation 1.07 lacks them).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

COPY . .

RUN pip install --no-cache-dir ".[postgres]" \
    && rm -rf build *.egg-info \
    && groupadd --gid 1000 app \
    && useradd --uid 1000 --gid app --create-home app \
    && mkdir -p /data/files \
    && chown -R app:app /data

# Content-addressed file store; mount a volume here to keep the files.
ENV FILESTORE_DIR=/data/files

USER app

EXPOSE 8000

CMD ["python", "worker.py"]
