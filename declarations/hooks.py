"""What declarations announce to the apps above them, without importing them (registered in
their ``AppConfig.ready``; see ``sinosure_portal.base.hooks``)."""

# Declarations were written and their transaction committed: called once per write (one declared
# shipment, or one chunk of an upload), after commit, with ``declaration_ids`` (sorted ids of the
# declarations just written). Financing subscribes to issue the coverage notices owed to banks.
DECLARATIONS_COMMITTED = "declarations.committed"
