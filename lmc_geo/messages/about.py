"""English messages of the About-the-data page."""

EN: dict[str, str] = {}
