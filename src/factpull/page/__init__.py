"""The page layer: boilerplate cleaning, metadata, site templates, language, the kept-text view."""
