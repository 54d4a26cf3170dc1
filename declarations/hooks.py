"""What declarations announce to the apps above them, without importing them (registered in
their ``AppConfig.ready``; see ``sinosure_portal.base.hooks``)."""

# Declarations were written: called once per write (one declared shipment, or one chunk of an
# upload), in the transaction that writes them, with ``declaration_ids`` (sorted ids of the
# declarations just written). A subscriber records its reaction in the outbox (``enqueue``), which
# delivers it after commit, once, and never for a write that rolled back. Financing subscribes to
# issue the coverage notices owed to banks.
DECLARATIONS_WRITTEN = "declarations.written"
