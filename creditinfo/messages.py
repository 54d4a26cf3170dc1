"""What credit information tells people, stored as kind and parameters and rendered in the
reader's language (see sinosure_portal.texts): risk events by their kind's label, lights by their
colour's name."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.texts import register_texts

COLOURS = {"green": _("green"), "yellow": _("yellow"), "red": _("red")}


def _colours(params: dict) -> dict:
    for key in ("old", "new"):
        params[key] = str(COLOURS.get(params.get(key), params.get(key)))
    return params


def _event_kind(params: dict) -> dict:
    from creditinfo.models import RiskEvent

    labels = dict(RiskEvent.Kind.choices)
    params["kind"] = str(labels.get(params.get("kind"), params.get("kind")))
    return params


register_texts(
    "creditinfo.light_change",
    title=_("Traffic light of %(buyer)s changed from %(old)s to %(new)s"),
    body=_("No notable negative information."),
    prepare=_colours,
)
register_texts(
    "creditinfo.risk_event",
    title=_("Risk alert: %(subject)s - %(title)s"),
    body=_("%(kind)s on %(date)s: %(title)s. %(description)s"),
    prepare=_event_kind,
)
register_texts(
    "creditinfo.report_delivered",
    title=_("Your credit report %(ref)s on %(buyer)s is ready"),
    body=_("Download it from the order page."),
)
register_texts("creditinfo.report_overdue", title=_("Credit report %(ref)s is overdue (due %(date)s)"))
register_texts("creditinfo.report_due", title=_("Credit report %(ref)s is due on %(date)s"))
