"""The maps: the interactive folium basin map with its layers and legend, offline assets, the overview map."""
