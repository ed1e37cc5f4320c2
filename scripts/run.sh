#!/usr/bin/env bash
# Migrate, load the demo city into an empty database, start the task worker and gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8000}; workers=${2:-3}
QB=.venv/bin/qualitybrand
$QB migrate --noinput -v0
$QB collectstatic --noinput -v0
if [ "$($QB shell -v 0 -c 'from qualitybrand.core.models import Region; print(Region.objects.exists())')" = "False" ]; then
  echo "数据库为空：载入演示城市（天水市）…"
  $QB load_demo
fi
$QB worker --interval 1 &  # settles work a killed worker left, then runs the queue
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
echo
echo "质量强市与品牌战略综合管理平台 已启动： http://127.0.0.1:${port}/"
$QB shell -v 0 -c 'from qualitybrand.core.demo_accounts import print_logins; print_logins()' || true
echo "按 Ctrl+C 停止。"
.venv/bin/gunicorn qualitybrand.wsgi:application --bind "127.0.0.1:${port}" --workers "$workers" \
  --timeout 300 --access-logfile - --error-logfile - --log-level warning
