"""Pages over the case files, one module per area of work. Views only translate between
HTTP and the selectors and services; the access decisions are made there."""
