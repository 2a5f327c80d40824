#!/bin/sh
# Meldestelle backup: the database (pg_dump, custom format) and the sealed
# attachments, into $BACKUP_DIR/meldestelle-<UTC time>/ with SHA256SUMS.
#
#   docker compose run --rm backup          (docker-compose.yml, profile tools)
#
# Connection from the libpq environment: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
# MEDIA_DIR is the attachment storage (MEDIA_ROOT, /app/var/media in the image).
# What a backup holds and how to restore it: docs/operations.md.
set -eu
umask 077

MEDIA_DIR="${MEDIA_DIR:-/media}"
BACKUP_DIR="${BACKUP_DIR:-/backup}"
# Rate-limit rows (keyed client hashes) and sessions are left out: nothing needs them
# after a restore, and a backup kept for months should not hold them (security.md).
CACHE_TABLE="${CACHE_TABLE:-meldestelle_cache}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$BACKUP_DIR/meldestelle-$stamp"
work="$target.partial"
mkdir -p "$work"

# The database first: a file written after the dump is harmless (unreferenced),
# a row without its file would not be.
pg_dump --format=custom --compress=6 \
    --exclude-table-data="$CACHE_TABLE" \
    --exclude-table-data=django_session \
    --file="$work/database.dump"

if [ -d "$MEDIA_DIR" ]; then
    tar -C "$MEDIA_DIR" -cf "$work/media.tar" .
else
    echo "No media directory at $MEDIA_DIR: the backup has no attachments." >&2
    tar -cf "$work/media.tar" --files-from /dev/null
fi

(cd "$work" && sha256sum database.dump media.tar > SHA256SUMS)
mv "$work" "$target"
echo "$target"
