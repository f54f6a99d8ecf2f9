"""Worker processes for untrusted jobs: limits, watchdog, fair admission. Knows nothing of SQL."""
