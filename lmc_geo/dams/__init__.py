"""Everything about dams: the registry (filters, key figures, cascade, source conflicts, table), cards and charts."""
