#!/usr/bin/env bash
# Times `docgen drift` between the two full beta revisions against one `docgen ir` of a full
# revision (the issue's target: drift under 2x one ir), best of N runs each, and prints peak
# memory. .ci/run calls it; run it by hand for the figures. Usage: bench/drift.sh [RUNS] (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source bench/common.sh
old=$corpus/2021-03-31/beta
new=$corpus/2021-07-16/beta

# best_of NAME COMMAND...: runs COMMAND $runs times (output discarded) and prints the best wall
# time and the peak RSS of that run, from GNU time when present.
best_of() {
    local name=$1
    shift
    local best="" rss="" status
    for _ in $(seq "$runs"); do
        local start end elapsed
        start=$(date +%s.%N)
        set +e
        "$@" >/dev/null 2>/dev/null
        status=$?
        set -e
        end=$(date +%s.%N)
        # drift exits 1 when it finds drift; anything else but 0 is a failure.
        if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
            echo "error: $name exited $status"
            exit 1
        fi
        elapsed=$(echo "$end - $start" | bc)
        if [ -z "$best" ] || [ "$(echo "$elapsed < $best" | bc)" = 1 ]; then best=$elapsed; fi
    done
    if [ -x /usr/bin/time ]; then
        local measured
        measured=$(mktemp)
        /usr/bin/time -f "%M" -o "$measured" "$@" >/dev/null 2>/dev/null || true
        rss=$(tail -1 "$measured")
        rm -f "$measured"
    fi
    printf '%-44s %7.3f s' "$name" "$best"
    [ -n "$rss" ] && printf '   peak %5.0f MB' "$(echo "$rss / 1024" | bc -l)"
    printf '\n'
    eval "best_${name//[^a-z]/_}=$best"
}

echo "best of $runs runs, $(nproc) cores"
best_of "ir_summary" "$docgen" ir "$new" --format summary --diagnostics none
best_of "ir_json" "$docgen" ir "$new" --format json --diagnostics none
best_of "drift_text" "$docgen" drift "$old" "$new" --format text
best_of "drift_json" "$docgen" drift "$old" "$new" --format json
printf 'drift (json) / ir (json):    %.2fx (target < 2x)\n' "$(echo "$best_drift_json / $best_ir_json" | bc -l)"
printf 'drift (text) / ir (summary): %.2fx\n' "$(echo "$best_drift_text / $best_ir_summary" | bc -l)"
"$docgen" drift "$old" "$new" --fail-on none --timings 2>&1 >/dev/null | grep "^timings"
