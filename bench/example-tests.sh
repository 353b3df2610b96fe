#!/usr/bin/env bash
# The documentation's own examples as a contract test of the generated code, on a whole corpus set:
# generates the crate with `--example-tests`, runs its example tests, and prints every failure as a
# diagnostic (`file:line: error[example-test.doc|generator]: ...`), every example left without a
# test (`warning[example-test.untestable]`), and the pass rate. Fails when fewer than 95% of the
# examples whose operation and path resolve pass, or when any test of the endpoints fixture fails. .ci/run calls it; run it by hand for the figures.
# Usage: bench/example-tests.sh [SET] (default: 2021-07-16/beta)
set -euo pipefail
cd "$(dirname "$0")/.."
set=${1:-2021-07-16/beta}
source bench/common.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Shared with bench/generated-crates.sh, so the dependencies are built once.
export CARGO_TARGET_DIR=$root/target/generated-crates
export RUSTFLAGS="-D warnings"

# Runs the example tests of the crate generated from docs root $1 (named $2); every test must
# pass when $3 is "all", else 95% of those built.
run_examples() {
    local docs=$1 name=$2 need=$3
    local out=$work/$name
    "$docgen" generate "$docs" --out "$out" --name "$name" --example-tests --diagnostics text 2> "$work/$name.generate.txt"
    cp "$root/Cargo.lock" "$out/Cargo.lock"
    local start took
    start=$(date +%s)
    # Only the example tests: the library's own unit-test build would compile it a second time.
    cargo test --offline --quiet --manifest-path "$out/Cargo.toml" --test examples --no-fail-fast \
        > "$work/$name.test.txt" 2>&1 || true
    took=$(( $(date +%s) - start ))

    local result passed failed untestable
    result=$(grep -E '^test result:' "$work/$name.test.txt" || true)
    if [ -z "$result" ]; then
        tail -n 40 "$work/$name.test.txt"
        echo "error: the example tests of $docs did not run (see above)"
        exit 1
    fi
    passed=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<< "$result")
    failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$result")
    untestable=$(grep -c 'warning\[example-test.untestable\]' "$work/$name.generate.txt" || true)

    echo "== $docs: examples left without a test (the docs' fault, or a stated generator limit)"
    grep 'warning\[example-test.untestable\]' "$work/$name.generate.txt" | sort || true
    echo "== $docs: failing example tests"
    grep -oE '^[^ ]+:[0-9]+: error\[example-test\.(doc|generator)\]: .*' "$work/$name.test.txt" | sort || true
    echo "== $docs: failures by fault"
    grep -oE 'error\[example-test\.(doc|generator)\]' "$work/$name.test.txt" | sort | uniq -c || true

    local tests=$((passed + failed))
    local all=$((tests + untestable))
    printf '%s: %d example tests built and run in %ds: %d passed, %d failed (%s%% of examples with a resolvable operation and path); %d examples left without a test (%s%% of all %d examples pass)\n' \
        "$docs" "$tests" "$took" "$passed" "$failed" "$(rate "$passed" "$tests")" "$untestable" "$(rate "$passed" "$all")" "$all"
    if [ "$need" = all ] && [ "$failed" -ne 0 ]; then
        echo "error: every example test of $docs must pass"
        exit 1
    fi
    if [ $((passed * 100)) -lt $((tests * 95)) ]; then
        echo "error: fewer than 95% of the example tests of $docs pass"
        exit 1
    fi
}

rate() { awk -v p="$1" -v t="$2" 'BEGIN { printf "%.1f", t ? 100 * p / t : 0 }'; }

# The fixture of endpoint shapes (an action with a body, a colon path, a function, odd ids) first:
# its snapshots show the tests, and here they must all compile and pass.
run_examples tests/fixtures/models/endpoints endpoints-fixture all
run_examples "$corpus/$set" "graph-$(echo "$set" | tr '/.' '--')-examples" rate
