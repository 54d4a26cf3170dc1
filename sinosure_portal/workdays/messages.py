"""What the working-day calendar tells people (see sinosure_portal.texts)."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.texts import register_texts

register_texts("workdays.calendar_confirmed", title=_("%(year)s official calendar confirmed"))
