from django.db import IntegrityError

from sinosure_portal.base.errors import DomainErrors, translate_integrity_error


class DomainErrorFormMixin:
    """Show a DomainError next to its field (or at the top when it names none); several problems
    found together (DomainErrors) each next to its own field."""

    def add_domain_error(self, error) -> None:
        if isinstance(error, IntegrityError):
            error = translate_integrity_error(error)
        if isinstance(error, DomainErrors):
            for each in error.errors:
                self.add_domain_error(each)
            return
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
