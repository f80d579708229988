"""Lancang-Mekong Basin Atlas core: data, filters, maps and charts, with no Streamlit import."""

__version__ = "0.1.0"
