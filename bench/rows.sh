#!/usr/bin/env bash
# Prints how `docgen ir` and `docgen generate` grow with the rows of one property table (10,000 to
# 200,000 rows on one page): wall time and peak memory per size, so a reader sees the curve is
# linear. Run by hand (about a minute); CI does not. Usage: bench/rows.sh [ROWS...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 50000 100000 200000)
cargo build --release --locked -p msgraph-docgen --quiet
docgen=${CARGO_TARGET_DIR:-target}/release/docgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for rows in "${sizes[@]}"; do
    mkdir -p "$work/$rows/resources"
    {
        printf -- '---\ntitle: "wide resource type"\ndoc_type: resourcePageType\n---\n\n# wide resource type\n\n'
        printf 'Namespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n'
        seq 1 "$rows" | sed 's/.*/|property&|String|Value &.|/'
    } > "$work/$rows/resources/wide.md"
    /usr/bin/time -f "%e %M" -o "$work/ir.time" "$docgen" ir "$work/$rows" -o /dev/null --diagnostics none
    /usr/bin/time -f "%e %M" -o "$work/gen.time" \
        "$docgen" generate "$work/$rows" --out "$work/crate-$rows" --diagnostics none 2>/dev/null
    read -r ir_wall ir_kib < "$work/ir.time"
    read -r gen_wall gen_kib < "$work/gen.time"
    printf '%7d rows: ir %6.2fs %5d MB; generate %6.2fs %5d MB\n' \
        "$rows" "$ir_wall" "$((ir_kib / 1024))" "$gen_wall" "$((gen_kib / 1024))"
done
