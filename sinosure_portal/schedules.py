"""Daily sweeps of the lifecycle apps, merged into CELERY_BEAT_SCHEDULE by settings.

One entry a sweep: its task name and the Shanghai time it runs at, with a comment saying why.
Every sweep is set-based and idempotent, so running it twice or catching up a missed day sends
nothing twice.
"""

APP_SCHEDULES: dict[str, dict] = {
    # 04:20 Shanghai: when the night's sweeps and billing are done and before anyone declares, check
    # that every stored figure equals what its ledger rows add up to; administrators and
    # underwriters are alerted to any drift with the rows involved (read-only, safe to re-run).
    "ledger.reconcile": {"task": "ledger.reconcile", "at": (4, 20)},
    # Later issues add entries here, e.g.
    # "policies.remind_renewals": {"task": "policies.remind_renewals", "at": (6, 10)},
    # 07:15 Shanghai: catch up risk alerts (资信报警器) that the after-commit task missed (worker down,
    # lost message) in the last 30 days, before exporters start their day; followers told once.
    "creditinfo.sweep_risk_alerts": {"task": "creditinfo.sweep_risk_alerts", "at": (7, 15)},
    # 08:30 Shanghai: at the start of the analysts' day, remind them of credit report orders due
    # within a working day or overdue (once per order and stage).
    "creditinfo.remind_report_orders_due": {"task": "creditinfo.remind_report_orders_due", "at": (8, 30)},
    # 03:10 Shanghai: at night, recount the words many buyer names share ("golden", "pacific"), which
    # the traffic-light look-up avoids asking its trigram index for (idempotent: a full recount).
    "creditinfo.refresh_name_words": {"task": "creditinfo.refresh_name_words", "at": (3, 10)},
    # 00:20 Shanghai: just after midnight, mark receivables whose due date passed unpaid as overdue
    # (the exporter is told the possible-loss notice deadline) and remind a week before that deadline.
    "declarations.mark_receivables_overdue": {"task": "declarations.mark_receivables_overdue", "at": (0, 20)},
    # 07:40 Shanghai: before the working day, receivables falling due within the policy's reminder days.
    "declarations.remind_receivables_due": {"task": "declarations.remind_receivables_due", "at": (7, 40)},
    # 07:50 Shanghai: monthly (the key holds the month), declare last month's shipments by their deadline.
    "declarations.remind_declarations_due": {"task": "declarations.remind_declarations_due", "at": (7, 50)},
    # 02:30 Shanghai: bill last month's declared premium (one invoice per policy, catches up missed
    # months), then remind of premium invoices due within a week or overdue.
    "declarations.issue_premium_invoices": {"task": "declarations.issue_premium_invoices", "at": (2, 30)},
    # every 5 minutes (crontab hour="*", minute="*/5"): uploads queued or running with no progress for DECLARATION_BATCH_STUCK_MINUTES
    # (worker killed, message lost, broker down at upload) are queued again; they resume after their
    # last committed chunk, so a re-run declares nothing twice.
    "declarations.requeue_stuck_batches": {"task": "declarations.requeue_stuck_batches", "at": ("*", "*/5")},
    # every 5 minutes: a limit batch running with no progress for LIMIT_BATCH_STUCK_MINUTES lost its
    # worker and is marked failed with that said (its uploader runs it again; it resumes), one still
    # queued that long is queued again; never left "running" for ever.
    "declarations.sweep_stuck_limit_batches": {
        "task": "declarations.sweep_stuck_limit_batches",
        "at": ("*", "*/5"),
    },
    # 00:10 Shanghai: just after midnight, policies whose period ended yesterday become expired (or
    # renewed when a renewal follows), so nothing is declared on them the next morning.
    "policies.expire": {"task": "policies.expire", "at": (0, 10)},
    # 06:10 Shanghai: before work, renewal reminders (保单续转提醒) N days (per policy, default 30)
    # before a policy ends; once per policy period and user, a missed day is caught up.
    "policies.remind_renewals": {"task": "policies.remind_renewals", "at": (6, 10)},
    # 00:30 Shanghai: revoke limits still unused a set time (per policy, default 30 days) after their
    # pre-revocation reminder, before the day's declarations could be covered by them.
    "limits.revoke_idle": {"task": "limits.revoke_idle", "at": (0, 30)},
    # 06:20 Shanghai: pre-revocation reminders (长期闲置限额预撤销提醒) for limits unused for the
    # policy's idle period (default 6 months); once per idle spell.
    "limits.remind_idle": {"task": "limits.remind_idle", "at": (6, 20)},
    # 07:05 Shanghai: before the claims officers' day, flag undecided claims near (5 working days) or
    # past their decision date (micro: 30 business days after the claim) and remind the officer once
    # per stage, so the queue opens with its escalations.
    "claims.escalate_decisions_due": {"task": "claims.escalate_decisions_due", "at": (7, 5)},
    # 07:35 Shanghai: before exporters start, remind them (once each) of claims to file before the
    # notice's claim deadline, documents the claims officer asked for, and possible-loss notices due
    # after a buyer insolvency, war or moratorium recorded on their buyers.
    "claims.remind_deadlines": {"task": "claims.remind_deadlines", "at": (7, 35)},
    # every minute: webhook deliveries due (retries whose time came, and any whose task was lost to a
    # killed worker or a broker outage); each is locked while sent, so overlapping passes send once.
    "webhooks.send_due": {"task": "webhooks.send_due", "at": ("*", "*")},
    # 03:55 Shanghai: forget webhook deliveries done more than WEBHOOKS_KEEP_DAYS (30) ago.
    "webhooks.purge": {"task": "webhooks.purge", "at": (3, 55)},
}
