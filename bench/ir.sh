#!/usr/bin/env bash
# The `docgen ir` benchmark on each corpus set: pages/s, MB/s, CPU time per stage, peak memory,
# and the IR built on one thread and on all of them against bare pulldown-cmark parsing of the same
# files (the floor), each the best of 9 runs, the ratio the median of the 9 turns' ratios
# (`docgen ir --timings`). It prints figures and asserts none. .ci/run calls it; run it by hand
# for the figures. Usage: bench/ir.sh [SET...]
# (default: 2021-07-16/beta 2021-07-16/v1.0 2021-03-31/beta).
set -euo pipefail
cd "$(dirname "$0")/.."
sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(2021-07-16/beta 2021-07-16/v1.0 2021-03-31/beta)
source bench/common.sh
echo "$(nproc) cores"
for set in "${sets[@]}"; do
    echo "== $set"
    "$docgen" ir "$corpus/$set" --format summary --diagnostics none --timings 2>&1 >/dev/null
done
