#!/usr/bin/env bash
# Re-vendors the situation map's browser assets from the npm registry (pinned versions): d3-array +
# d3-geo (projection, paths), topojson-client (TopoJSON -> GeoJSON) and world-atlas' Natural Earth
# 1:50m country outlines. They are committed under services/frontline/data/map/vendor/ so the
# worker serves the map with no network at run time; run this only to upgrade them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/../services/frontline/data/map/vendor"
pkgs=(d3-array@3.2.4 d3-geo@3.1.2 topojson-client@3.1.0 world-atlas@2.0.2)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "${pkgs[@]}" >/dev/null)
mkdir -p "$dest"
: >"$dest/LICENSES.txt"
for spec in "${pkgs[@]}"; do
  name="${spec%@*}"
  mkdir -p "$tmp/$name"
  tar xzf "$tmp/$name-${spec#*@}.tgz" -C "$tmp/$name"
  { echo "== $spec (npm) =="; cat "$tmp/$name/package/LICENSE"; echo; } >>"$dest/LICENSES.txt"
done
cp "$tmp/d3-array/package/dist/d3-array.min.js" "$tmp/d3-geo/package/dist/d3-geo.min.js" \
  "$tmp/topojson-client/package/dist/topojson-client.min.js" \
  "$tmp/world-atlas/package/countries-50m.json" "$dest/"
echo "world-atlas outlines are derived from Natural Earth (public domain)." >>"$dest/LICENSES.txt"
ls -l "$dest"
