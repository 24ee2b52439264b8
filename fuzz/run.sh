#!/bin/sh
# Runs each fuzz target in turn, one job each: ./run.sh [seconds per target, default 600]
# New inputs go to corpus/<target> (not committed); the seeds in seeds/<target> are read only.
set -e
cd "$(dirname "$0")"
secs=${1:-600}
for target in gift course_source; do
    mkdir -p "corpus/$target"
    cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$secs" -print_final_stats=1 2>&1 | tee "fuzz-$target.log"
done
