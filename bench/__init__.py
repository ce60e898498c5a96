"""Performance benchmarks of issue #8 (``make bench``). Not part of the portal: nothing in the apps imports it."""
