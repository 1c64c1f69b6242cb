"""Pages that combine complications with the cases reported for them."""
