"""Message catalogues, one module per area so areas can grow independently."""
