"""Parts of one page that open dialogs of their own (a ledger, a standards table, an activity's funds and
attachments). Reusable controls without dialogs live in `widgets`."""
