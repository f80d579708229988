"""English messages of the Dams page."""

EN: dict[str, str] = {}
