#!/usr/bin/env bash
# Proves drift's classification the way cargo-semver-checks does: each drift fixture that holds a
# `caller.rs` (tests/fixtures/drift/<rule>/caller.rs, first line `// expect: breaking` or
# `// expect: compatible`) is compiled as an example against the crate generated from its `old`
# docs, which must succeed, and against the crate from its `new` docs, which must fail for a
# breaking rule and succeed for a compatible one; `docgen drift old new --fail-on breaking` must
# exit 1 exactly for the breaking ones. .ci/run calls it; it prints one line per fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The generated crates' dependencies are built once, shared with bench/generated-crates.sh.
export CARGO_TARGET_DIR=$root/target/generated-crates

# Builds the crate generated from docs folder $1 into $2 with the caller as an example; prints
# "ok" when it compiles, "fails" when it does not.
compiles() {
    local docs=$1 out=$2 caller=$3
    "$docgen" generate "$docs" --out "$out" --name fixture --diagnostics none 2>/dev/null
    mkdir -p "$out/examples"
    cp "$caller" "$out/examples/caller.rs"
    cp "$root/Cargo.lock" "$out/Cargo.lock"
    if cargo check --offline --quiet --manifest-path "$out/Cargo.toml" --example caller 2>"$out/errors.txt"; then
        echo ok
    else
        echo fails
    fi
}

failures=0
checked=0
for caller in tests/fixtures/drift/*/caller.rs; do
    dir=$(dirname "$caller")
    rule=$(basename "$dir")
    expect=$(sed -n 's|^// expect: ||p' "$caller" | head -n 1)
    old=$(compiles "$dir/old" "$work/$rule-old" "$caller")
    new=$(compiles "$dir/new" "$work/$rule-new" "$caller")
    set +e
    "$docgen" drift "$dir/old" "$dir/new" --fail-on breaking >/dev/null 2>&1
    drift_status=$?
    set -e
    case $expect in
        breaking) want_new=fails want_drift=1 ;;
        compatible) want_new=ok want_drift=0 ;;
        *) echo "error: $caller has no '// expect: breaking|compatible' line"; exit 1 ;;
    esac
    verdict=ok
    if [ "$old" != ok ] || [ "$new" != "$want_new" ] || [ "$drift_status" != "$want_drift" ]; then
        verdict=WRONG
        failures=$((failures + 1))
        [ "$old" != ok ] && sed 's/^/    /' "$work/$rule-old/errors.txt" | head -n 20
    fi
    checked=$((checked + 1))
    printf '%-24s %-10s caller vs old: %-5s vs new: %-5s (want %s); drift --fail-on breaking exits %s (want %s): %s\n' \
        "$rule" "$expect" "$old" "$new" "$want_new" "$drift_status" "$want_drift" "$verdict"
done
echo "$checked fixtures with a caller, $failures classified wrongly"
[ "$failures" -eq 0 ]
