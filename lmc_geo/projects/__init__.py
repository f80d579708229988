"""Everything about the cooperation projects: registry and import, selection, export, cards and charts."""
