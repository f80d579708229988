"""Shared look of every chart (plotly style) and the server-drawn SVG chart."""
