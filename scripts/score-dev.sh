#!/usr/bin/env bash
# Scores `frontline extract` on the shared dev sets when ../shared is present; fails below the
# acceptance thresholds of issue #4 (F1 >= 0.90, f1_actor >= 0.85, date_acc >= 0.90, no stale history).
set -euo pipefail
shared="${1:-../shared}"
gold="$shared/eval/dev.jsonl"
if [ ! -f "$gold" ]; then echo "score: $gold absent, skipped"; exit 0; fi
out="$(mktemp)"; trap 'rm -f "$out"' EXIT
.venv/bin/frontline extract --input "$gold" --output "$out"
json="$(python3 "$shared/eval/score.py" "$gold" "$out" --json | tail -1)"
echo "dev.jsonl: $json"
if [ -f "$shared/eval/acled-dev.jsonl" ]; then
  .venv/bin/frontline extract --input "$shared/eval/acled-dev.jsonl" --output "$out"
  echo "acled-dev.jsonl: $(python3 "$shared/eval/score.py" "$shared/eval/acled-dev.jsonl" "$out" --json | tail -1)"
  # tune/check halves (check half: aggregate numbers only)
  .venv/bin/frontline eval "$shared/eval/acled-dev.jsonl" --pred "$out" | sed "/^missed gold/,\$d"
fi
python3 - "$json" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
floors = {"f1": 0.90, "f1_actor": 0.85, "date_acc": 0.90}
bad = [f"{k}={s.get(k)} < {v}" for k, v in floors.items() if (s.get(k) or 0) < v]
if s.get("stale_history_fp", 0) != 0:
    bad.append(f"stale_history_fp={s['stale_history_fp']} != 0")
if bad:
    sys.exit("dev-set score below the floor: " + "; ".join(bad))
print("dev-set score meets the floor")
PY
