#!/usr/bin/env bash
# ThreadSanitizer over the threaded log reader (blocks read and parsed on worker threads while the
# caller consumes the previous batch) and the tests that drive it. A separate build folder keeps the
# instrumented build apart from the normal one.
set -euo pipefail
cd "$(dirname "$0")/../.."
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
    swift test --sanitize=thread --scratch-path .build-tsan --filter "LogReaderTests|ParserPropertyTests|LongLogTests|FollowTests"
