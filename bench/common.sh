# Sourced by the corpus scripts of bench/: sets `root` (the repository), `corpus` (the Graph docs
# beside it) and `docgen` (a release build of this checkout). Without the corpus it exits: with a
# reason and status 0 on a user's machine, with an error under CI=true.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=$root/../shared/corpus/graph-docs
if [ ! -d "$corpus" ]; then
    [ "${CI:-}" = "true" ] && { echo "error: $corpus is missing; CI needs ../shared/corpus"; exit 1; }
    echo "skipped: $corpus is missing"
    exit 0
fi
cargo build --release --locked -p msgraph-docgen --manifest-path "$root/Cargo.toml"
docgen=${CARGO_TARGET_DIR:-$root/target}/release/docgen
