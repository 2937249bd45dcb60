"""Pattern files: loading, validation, compiled-regex cache."""
