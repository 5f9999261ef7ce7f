"""``solieu serve``: the review workbench (Flask pages and JSON API over the store)."""
