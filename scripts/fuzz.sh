#!/usr/bin/env bash
# Runs every fuzz target under libFuzzer (cargo fuzz, nightly) until it has made RUNS
# executions (default 10 million) or spent SECONDS (default 1800), one after another, and
# prints a table of what each did. A crash stops the script with the input saved under
# fuzz/artifacts/<target>/: copy it to fuzz/regressions/<target>/ so the test suite keeps it.
#
#   scripts/fuzz.sh                 # every target, 10M runs each
#   RUNS=100000 scripts/fuzz.sh template retry_after
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10000000}
SECONDS_EACH=${SECONDS_EACH:-1800}
# address (the default) finds memory errors in the unsafe code below ours; none runs several
# times faster and still finds every panic, which is what safe Rust fails with.
SANITIZER=${SANITIZER:-address}

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "cargo fuzz needs the nightly toolchain: rustup toolchain install nightly" >&2; exit 2
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' fuzz/Cargo.toml | grep -v libfuzzer)
fi

(cd fuzz && cargo +nightly fuzz build -s "$SANITIZER")
report=${REPORT:-target/fuzz-counts.md}
mkdir -p target
printf '| target | sanitizer | executions | seconds | exec/s | corpus | crashes |\n|---|---|---:|---:|---:|---:|---:|\n' >"$report"
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  log=$(mktemp)
  # Inputs no longer than the product would ever read: the events receiver refuses bodies
  # over 16 KB before the form is decoded; the sign-in's loopback reads 8 KB of a request.
  case $t in
    receiver_form) max_len=16384 ;;
    loopback_request) max_len=8192 ;;
    *) max_len=65536 ;;
  esac
  echo "== $t"
  (cd fuzz && cargo +nightly fuzz run -s "$SANITIZER" "$t" "corpus/$t" "seeds/$t" -- \
    -runs="$RUNS" -max_total_time="$SECONDS_EACH" -max_len="$max_len" -print_final_stats=1) \
    >"$log" 2>&1 || { tail -40 "$log"; echo "$t crashed: see fuzz/artifacts/$t/"; exit 1; }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  rate=$(( runs / (secs > 0 ? secs : 1) ))
  printf '| %s | %s | %s | %s | %s | %s | 0 |\n' "$t" "$SANITIZER" "$runs" "$secs" "$rate" "$corpus" | tee -a "$report"
  rm -f "$log"
done
echo; cat "$report"
