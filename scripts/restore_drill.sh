#!/usr/bin/env bash
# Weekly restore drill: restore the newest backup under ROOT into a scratch database and a scratch data
# directory, bring it to this version's schema, count a few tables, and throw it all away.
# Scratch database: DRILL_DATABASE_URL (PostgreSQL; dropped and created here, never the live one),
# otherwise a temporary SQLite file. Exit code 0 only if the restore succeeded.
set -euo pipefail
root=$(cd "${1:?用法：restore_drill.sh 备份根目录}" && pwd)
cd "$(dirname "$0")/.."
QB=${QB:-.venv/bin/qualitybrand}
latest=$(find "$root" -mindepth 2 -maxdepth 2 -name manifest.json -printf '%h\n' | sort | tail -n 1)
if [ -z "$latest" ]; then echo "恢复演练失败：$root 下没有完整的备份。" >&2; exit 1; fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export QB_DATA_DIR=$scratch
if [ -n "${DRILL_DATABASE_URL:-}" ]; then
  if [ "$DRILL_DATABASE_URL" = "${DATABASE_URL:-}" ]; then echo "DRILL_DATABASE_URL 不能是正式数据库。" >&2; exit 2; fi
  name=${DRILL_DATABASE_URL##*/}
  psql -q -v ON_ERROR_STOP=1 "${DRILL_DATABASE_URL%/*}/postgres" \
    -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\""
  export DATABASE_URL=$DRILL_DATABASE_URL
else
  export DATABASE_URL="sqlite:///$scratch/drill.sqlite3"
fi
echo "恢复演练：$latest → ${DATABASE_URL%%://*} 临时库"
$QB restore "$latest"
$QB migrate --noinput -v0
$QB shell -v 0 -c '
from qualitybrand.core.models import ChangeLog, Region
from qualitybrand.registry.models import Entity
print(f"恢复演练通过：区划 {Region.objects.count()}，市场主体 {Entity.objects.count()}，变更记录 {ChangeLog.objects.count()}。")'
if [ -n "${DRILL_DATABASE_URL:-}" ]; then
  psql -q "${DRILL_DATABASE_URL%/*}/postgres" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"
fi
