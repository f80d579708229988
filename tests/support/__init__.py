"""What the tests and the benchmarks share: starting the app (:mod:`.apprunner`) and the browser
set-up (:mod:`.browser`)."""
