"""English messages of the Projects page."""

EN: dict[str, str] = {}
