"""English messages of the Hydrology page and the station hydrograph."""

EN: dict[str, str] = {}
