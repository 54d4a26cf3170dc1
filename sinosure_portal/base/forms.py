class DomainErrorFormMixin:
    """Show a DomainError next to its field (or at the top when it names none)."""

    def add_domain_error(self, error) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
