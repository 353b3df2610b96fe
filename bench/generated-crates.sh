#!/usr/bin/env bash
# Generates crates for whole corpus sets and `cargo check`s them with warnings denied, printing
# generation time, check wall time and rustc's peak memory. .ci/run calls it; run it by hand for
# the figures. Usage: bench/generated-crates.sh [--compare] [SET...]
# (default: 2021-07-16/beta 2021-07-16/v1.0 and the fixture of hostile names; a SET is a corpus
# set, or a folder of the repository). --compare also generates and checks the plain
# serde-derive version of each set (`docgen generate --serde-derive`), side by side; it is slow
# (minutes and gigabytes for beta), so CI does not pass it.
set -euo pipefail
cd "$(dirname "$0")/.."
variants=(wire)
if [ "${1:-}" = "--compare" ]; then
    variants=(wire serde-derive)
    shift
fi
sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(2021-07-16/beta 2021-07-16/v1.0 tests/fixtures/models/hostile-names)
source bench/common.sh

# Outside the workspace, so cargo treats each crate as its own; dependencies are built once.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=$root/target/generated-crates
export RUSTFLAGS="-D warnings"

for set in "${sets[@]}"; do
  for variant in "${variants[@]}"; do
    name=graph-$(echo "$set" | tr '/.' '--')-$variant
    input=$corpus/$set
    [ -d "$root/$set" ] && input=$root/$set
    out=$work/$name
    flags=()
    [ "$variant" = serde-derive ] && flags=(--serde-derive)
    start=$(date +%s.%N)
    "$docgen" generate "$input" --out "$out" --name "$name" --diagnostics none "${flags[@]}"
    generated=$(date +%s.%N)
    # Our lock file pins the dependency versions generated/ is tested with (cargo drops the rest).
    cp "$root/Cargo.lock" "$out/Cargo.lock"
    # Dependencies first, untimed; then the crate alone, without incremental caches.
    cargo check --offline --quiet --manifest-path "$out/Cargo.toml" -p serde -p serde_json -p time -p uuid -p base64
    CARGO_INCREMENTAL=0 /usr/bin/time -f "%e %M" -o "$work/time" \
        cargo check --offline --quiet --manifest-path "$out/Cargo.toml"
    read -r wall peak_kib < "$work/time"
    files=$(find "$out/src" -name '*.rs' | wc -l)
    lines=$(find "$out/src" -name '*.rs' -exec cat {} + | wc -l)
    printf '%s (%s): %d files, %d lines; generate %.2fs; cargo check of the crate %ss wall, peak RSS %d MB\n' \
        "$set" "$variant" "$files" "$lines" "$(echo "$generated - $start" | bc)" "$wall" "$((peak_kib / 1024))"
    # Without the default `setters` feature: it must compile warning-free too; the figures say
    # what the setters cost.
    CARGO_INCREMENTAL=0 /usr/bin/time -f "%e %M" -o "$work/time" \
        cargo check --offline --quiet --manifest-path "$out/Cargo.toml" --no-default-features
    read -r bare_wall bare_peak_kib < "$work/time"
    printf '%s (%s, --no-default-features: no setters): cargo check %ss wall, peak RSS %d MB\n' \
        "$set" "$variant" "$bare_wall" "$((bare_peak_kib / 1024))"
  done
done
