"""The kernel's base: what every other part of the portal builds on and which imports no other part
of the kernel but the audit trail: the domain error, the workflow engine, hooks, queueing a task by
name, the API's error handler and schema, input bounds, and the read-only admin."""
