"""Inputs and outputs: decoding, web archives, JSON emission, batches, the Dask runner."""
