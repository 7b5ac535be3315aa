"""Presse·recherche: a French press search engine with faceted browsing."""
