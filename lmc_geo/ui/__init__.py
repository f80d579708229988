"""The only Streamlit-aware part of the package: state keys, cached loaders, sidebar, cards."""
