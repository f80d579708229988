"""English messages of the Overview page."""

EN: dict[str, str] = {}
