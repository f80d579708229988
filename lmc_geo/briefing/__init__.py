"""Briefings on paper: the static map, the A4 document (PDF and PNG) and meeting packs."""
