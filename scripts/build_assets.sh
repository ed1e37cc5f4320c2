#!/usr/bin/env bash
# Copies the front-end packages installed from the npm lockfile into the app's static folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/qualitybrand/static/vendor
rm -rf "$dest" && mkdir -p "$dest/swagger-ui"
cp node_modules/echarts/dist/echarts.min.js "$dest/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/"
for f in swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js favicon-32x32.png; do
  cp "node_modules/swagger-ui-dist/$f" "$dest/swagger-ui/"
done
