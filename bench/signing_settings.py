"""Settings for bench/signing.py's app server: the production settings, with two bench-only changes.

- The signing and voting rate limits (PETITION_SIGN_RATE_* and BALLOT_RATE_*, read from the
  environment by config/settings.py, 10 and 60 per minute by default) are raised unless the
  environment sets them, so the benchmarks measure signing and voting, not the limiter. The limiter still
  runs (its cache add/incr is part of every measured request).
- STATIC_ROOT points at the benchmark's temporary `collectstatic` output, so the run never
  touches the repository's staticfiles/ directory.
"""

import os

from config.settings import *  # noqa: F403

PETITION_SIGN_RATE_PER_ACCOUNT = int(os.environ.get("PETITION_SIGN_RATE_PER_ACCOUNT", "1000000000"))
PETITION_SIGN_RATE_PER_IP = int(os.environ.get("PETITION_SIGN_RATE_PER_IP", "1000000000"))
BALLOT_RATE_PER_ACCOUNT = int(os.environ.get("BALLOT_RATE_PER_ACCOUNT", "1000000000"))
BALLOT_RATE_PER_IP = int(os.environ.get("BALLOT_RATE_PER_IP", "1000000000"))
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
