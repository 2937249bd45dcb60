"""The fact extractors: dates, quantities, numbers, people and organisations, the spaCy pipeline."""
