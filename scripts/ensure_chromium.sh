#!/usr/bin/env bash
# Browser tests use Debian's Chromium (never a browser download). Install it when we can.
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "安装浏览器测试所需的 chromium 与 fonts-noto-cjk …"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/tmp/qb-apt.log 2>&1 \
    || echo "chromium 安装失败（见 /tmp/qb-apt.log）。"
fi
if [ ! -x /usr/bin/chromium ]; then
  if [ "${CI:-}" = "true" ]; then echo "CI 需要 /usr/bin/chromium：请安装 Debian 软件包 chromium。"; exit 1; fi
  echo "未找到 /usr/bin/chromium：浏览器测试将跳过（安装 Debian 软件包 chromium 与 fonts-noto-cjk 后可运行）。"
fi
exit 0
