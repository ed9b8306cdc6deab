"""Berth's Slack bot (slack-bolt): answers in threads, DMs and `/berth`, verdict first.

Named `slack_bot`, not `slack`: slack-sdk installs a top-level `slack` compatibility module, and
a package of ours by that name would shadow it for every import of `slack`.

The bot uses only `assistant/` (the AnswerService interface, the Answer contract, the stores):
HTTP mode is mounted into the API app by `slack_bot.http.mount`, Socket Mode runs as
`berth slack` (`slack_bot.commands`).
"""
