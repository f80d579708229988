"""Everything about the daily series: the store, metadata, validation, time-series logic, gauge status, charts."""
