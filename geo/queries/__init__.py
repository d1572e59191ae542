"""Read queries that the API and the maps share: features as GeoJSON-ready dicts."""
