"""The project's own Kannel: config template, rendering, start and stop of the boxes."""

from bot.sms.kannel.config import KannelConfig, free_port, render_config
from bot.sms.kannel.process import KannelError, KannelStack, start_kannel, stop_kannel

__all__ = ["KannelConfig", "free_port", "render_config", "KannelError", "KannelStack",
           "start_kannel", "stop_kannel"]
