#!/usr/bin/env bash
# Runs the experiments of docs/reproductions.md and prints one line per row: test accuracy per seed, mean ± spread
# (half the range), and wall time per run. Usage, from the repository root:
#   bash scripts/reproduce.sh                      every row, seeds 1 2 3
#   SEEDS="1" bash scripts/reproduce.sh imdb-gru   one row, one seed
# Rows: imdb-simplernn imdb-gru imdb-lstm bi-simplernn bi-lstm reuters-dense reuters-simplernn reuters-lstm reuters-gru
# Data: $MODELDSL_DATASETS, else ../shared/datasets (movie_data.csv.gz; reuters_r8_substitute/r8-*-all-terms.txt).
# Each run is written to $OUT (default runs/reproduce)/<row>-seed<N>, its console output to <that>.log.
# On a machine shared with other jobs, OMP_NUM_THREADS=1 keeps libtorch from waiting on its own descheduled threads
# (docs/reproductions.md was measured so); results do not depend on it.
set -euo pipefail
cd "$(dirname "$0")/.."

datasets="${MODELDSL_DATASETS:-../shared/datasets}"
imdb="$datasets/raschka_movie_data/movie_data.csv.gz"
r8_train="$datasets/reuters_r8_substitute/r8-train-all-terms.txt"
r8_test="$datasets/reuters_r8_substitute/r8-test-all-terms.txt"
seeds="${SEEDS:-1 2 3}"
out="${OUT:-runs/reproduce}"
all_rows="imdb-simplernn imdb-gru imdb-lstm bi-simplernn bi-lstm reuters-dense reuters-simplernn reuters-lstm reuters-gru"
rows="${*:-$all_rows}"

# The IMDB protocol: the first 25,000 reviews of the file train (the last 20% of them validate), the last 25,000 test.
imdb_split=(--data "$imdb" --test-split 0.5 --validation-split 0.2 --batch-size 32)
# R8: the training file trains (the last 20% of it validates), the test file tests.
r8_split=(--data "$r8_train" --test-data "$r8_test" --validation-split 0.2 --batch-size 32)

command_of() {
  case "$1" in
    imdb-simplernn) echo "ImdbSentiment --recurrent SimpleRNN ${imdb_split[*]} --epochs 3" ;;
    imdb-gru)       echo "ImdbSentiment --recurrent GRU ${imdb_split[*]} --epochs 3" ;;
    imdb-lstm)      echo "ImdbSentiment --recurrent LSTM ${imdb_split[*]} --epochs 3" ;;
    bi-simplernn)   echo "BidirectionalSentiment --recurrent SimpleRNN ${imdb_split[*]} --max-length 100 --epochs 3" ;;
    bi-lstm)        echo "BidirectionalSentiment --recurrent LSTM ${imdb_split[*]} --max-length 200 --epochs 3" ;;
    reuters-dense)  echo "ReutersTopics --model dense ${r8_split[*]} --epochs 5" ;;
    reuters-simplernn) echo "ReutersTopics --model simplernn ${r8_split[*]} --epochs 5" ;;
    reuters-lstm)   echo "ReutersTopics --model lstm ${r8_split[*]} --epochs 5" ;;
    reuters-gru)    echo "ReutersTopics --model gru ${r8_split[*]} --epochs 5" ;;
    *) echo "unknown row '$1' (rows: $all_rows)" >&2; return 2 ;;
  esac
}

projects=""
for row in $rows; do
  read -r project _ <<<"$(command_of "$row")"
  [[ " $projects " == *" $project "* ]] || projects="$projects $project"
done
for project in $projects; do
  dotnet build "samples/$project" -c Release -v quiet -nologo >/dev/null
done

mkdir -p "$out"
echo "load before: $(uptime)"
for row in $rows; do
  read -r project rest <<<"$(command_of "$row")"
  accuracies=(); times=()
  for seed in $seeds; do
    run="$out/$row-seed$seed"
    start=$(date +%s)
    # shellcheck disable=SC2086 # $rest is the row's arguments, split on purpose
    dotnet run -c Release --no-build --project "samples/$project" -- train $rest --seed "$seed" --out "$run" >"$run.log" 2>&1 \
      || { echo "$row seed $seed failed; see $run.log" >&2; tail -n 5 "$run.log" >&2; exit 1; }
    times+=($(( $(date +%s) - start )))
    accuracies+=("$(sed -nE 's/^  "accuracy": ([0-9.eE+-]+),?$/\1/p' "$run/test.json")")
  done
  summary=$(printf '%s\n' "${accuracies[@]}" | awk '{ v[NR] = $1; s += $1; if (NR == 1 || $1 < lo) lo = $1; if (NR == 1 || $1 > hi) hi = $1 }
    END { printf "%.4f ± %.4f (", s / NR, (hi - lo) / 2; for (i = 1; i <= NR; i++) printf "%s%.4f", (i > 1 ? ", " : ""), v[i]; printf ")" }')
  echo "$row: test accuracy $summary; seconds per run: ${times[*]}; load: $(uptime | sed 's/.*load average: //')"
  echo "  dotnet run -c Release --project samples/$project -- train $rest --seed <N> --out $out/$row-seed<N>"
done
