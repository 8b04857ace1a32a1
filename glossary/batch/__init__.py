"""Batch runs: a pipeline file (TOML) of extract, build, check and export steps over folders, with
parallel workers (local processes or Dask), the extraction cache and a resumable run log.

Design: docs/batch-and-scale.md
"""
