"""Extract facet values (date, speakers, countries, topics) from article text."""
