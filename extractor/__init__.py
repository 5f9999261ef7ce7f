"""solieu: figures from Vietnamese commune reports."""
