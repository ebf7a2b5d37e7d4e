"""What the case-file views share (`common.py`). The pages themselves are in the views
module of each part of a file (`households/views.py`, `files/views.py`…): they only
translate between HTTP and the selectors and services, where the access decisions are
made."""
