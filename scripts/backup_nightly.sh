#!/usr/bin/env bash
# Nightly backup: `qualitybrand backup ROOT/<date-time>`, then delete the backups under ROOT older than
# DAYS days (only directories holding a manifest.json: nothing else under ROOT is touched).
# Uses the same QB_DATA_DIR / DATABASE_URL as the running platform.
set -euo pipefail
root=${1:?用法：backup_nightly.sh 备份根目录 [保留天数，默认 14]}
days=${2:-14}
cd "$(dirname "$0")/.."
QB=${QB:-.venv/bin/qualitybrand}
mkdir -p "$root"
$QB backup "$root/$(date +%Y-%m-%d_%H%M)"
find "$root" -mindepth 1 -maxdepth 1 -type d -mtime +"$days" -exec test -f '{}/manifest.json' ';' \
  -print -exec rm -rf '{}' +
