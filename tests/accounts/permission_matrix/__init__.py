"""The access policy of docs/domain.md ("Who sees what"), checked for every role, against
every public selector and service, on a file of the agent's own office and on one of
another office.

Each function has a rule in the module of its area (test_files_and_persons.py,
test_notes.py, test_privacy.py…): the roles that may use it on their own office's data
and on another office's. Anything else must answer 404, like a missing object. A new
selector or service without a rule fails
`test_every_function_has_a_rule.py::test_every_selector_and_service_has_a_rule`.
"""
