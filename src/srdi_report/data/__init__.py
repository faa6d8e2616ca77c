"""Firm data: schema, loading, validation, reference data and the demo dataset."""
