#!/usr/bin/env bash
# Kills `train` with SIGKILL at moments spread over a run and checks, after each kill, that the run folder is
# still a whole run: `evaluate` succeeds and the manifest is the previous run's or the new one's, never a mix
# (docs/run-folders.md). Needs the IMDB reviews in ../shared/datasets (or $MODELDSL_DATASETS); says so and exits 0
# without them. Usage: scripts/test-train-kill.sh [kills]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."

kills=${1:-5}
data="${MODELDSL_DATASETS:-../shared/datasets}/raschka_movie_data/movie_data.csv.gz"
if [[ ! -f "$data" ]]; then
  echo "train-kill test skipped: $data not found (set MODELDSL_DATASETS)"
  exit 0
fi

dotnet build samples/ImdbSentiment --nologo -v quiet >/dev/null
app=$(find samples/ImdbSentiment/bin/Debug -name ImdbSentiment -type f -perm -u+x | head -1)
[[ -x "$app" ]] || { echo "no ImdbSentiment executable under samples/ImdbSentiment/bin/Debug"; exit 1; }

out=artifacts/runs/KillTest
rm -rf "$out"
train_args=(train --data "$data" --epochs 1 --limit 1500 --out "$out")

# A first complete run, timed, so the kills can be spread over a whole one.
start=$(date +%s%N)
"$app" "${train_args[@]}" --seed 1 >/dev/null
run_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "== a whole train takes ${run_ms} ms; killing ${kills} more at spread-out moments"

for i in $(seq 1 "$kills"); do
  before=$(sha256sum "$out/manifest.json" | cut -d' ' -f1)
  # Moments from 10% to 110% of a run: while reading data, training, writing, committing, and after it ended.
  delay_ms=$(( run_ms * (10 + (100 * (i - 1)) / (kills > 1 ? kills - 1 : 1)) / 100 ))
  # The app itself in the background (not a shell function, whose subshell would take the signal instead).
  "$app" "${train_args[@]}" --seed $((i + 1)) >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null && outcome="killed" || outcome="had finished"
  wait "$pid" 2>/dev/null || true

  after=$(sha256sum "$out/manifest.json" | cut -d' ' -f1)
  run=$([[ "$after" == "$before" ]] && echo "previous run" || echo "new run")
  if ! "$app" evaluate --data "$data" --model "$out" --limit 200 >/tmp/modeldsl-kill-evaluate.txt 2>&1; then
    echo "after a kill at ${delay_ms} ms (${outcome}) the run folder does not evaluate:"
    cat /tmp/modeldsl-kill-evaluate.txt
    exit 1
  fi
  echo "   kill $i at ${delay_ms} ms (${outcome}): folder holds the ${run}, evaluate exits 0"
done

echo "train-kill OK"
