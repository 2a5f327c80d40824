#!/bin/sh
# Meldestelle backup: the database (pg_dump, custom format), sealed attachments
# included (table reporting_sealedblob), into $BACKUP_DIR/meldestelle-<UTC time>/
# with SHA256SUMS.
#
#   docker compose run --rm backup          (docker-compose.yml, profile tools)
#
# Connection from the libpq environment: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
# What a backup holds and how to restore it: docs/operations.md.
set -eu
umask 077

BACKUP_DIR="${BACKUP_DIR:-/backup}"
# Rate-limit rows (keyed client hashes) and sessions are left out: nothing needs them
# after a restore, and a backup kept for months should not hold them (security.md).
CACHE_TABLE="${CACHE_TABLE:-meldestelle_cache}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$BACKUP_DIR/meldestelle-$stamp"
work="$target.partial"
mkdir -p "$work"

pg_dump --format=custom --compress=6 \
    --exclude-table-data="$CACHE_TABLE" \
    --exclude-table-data=django_session \
    --file="$work/database.dump"

(cd "$work" && sha256sum database.dump > SHA256SUMS)
mv "$work" "$target"
echo "$target"
