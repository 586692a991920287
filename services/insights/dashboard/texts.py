"""The dashboard's words in Chinese and English, and the language a reader gets."""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]

TEXTS: dict[Language, dict[str, str]] = {
    "zh": {
        "title": "投诉洞察",
        "subtitle": "投诉是免费的质量监测：趋势、时限、满意度与系统偏差预警",
        "last_days": "最近 {days} 天",
        "by_period": "按{period}",
        "day": "日",
        "week": "周",
        "month": "月",
        "all_departments": "全部部门",
        "show": "查看",
        "sign_out": "退出",
        "signed_in_as": "当前用户",
        "volume": "投诉量",
        "open": "未结",
        "overdue": "已超承诺期",
        "first_response_within_sla": "首次响应及时率",
        "resolution_within_sla": "内部时限内解决率",
        "promise_kept": "承诺兑现率",
        "csat": "满意率",
        "reopen_rate": "重开率",
        "repeat_share": "重复投诉占比",
        "returns": "退单",
        "first_response_median_hours": "首次响应中位数（小时）",
        "resolution_median_hours": "解决时长中位数（小时）",
        "volume_by_department": "各部门投诉量",
        "volume_by_cause": "各原因投诉量",
        "deadlines": "时限与承诺",
        "satisfaction": "满意率与重开率",
        "backlog": "未结投诉账龄",
        "backlog_by_department": "各部门未结投诉",
        "department": "部门",
        "cause": "原因",
        "channel": "渠道",
        "oldest_days": "最久（天）",
        "alerts": "系统偏差预警",
        "no_alerts": "所选时间内没有预警。",
        "emerging_topics": "新出现的话题",
        "no_topics": "所选时间内没有新出现的话题。",
        "topic": "话题",
        "series": "序列",
        "days": "日期",
        "observed": "实际",
        "expected": "预期",
        "ratio": "倍数",
        "top_terms": "上升的词语",
        "examples": "投诉示例",
        "root_causes": "反复出现的根本原因",
        "no_root_causes": "所选时间内没有调查结论。",
        "root_cause": "根本原因",
        "count": "次数",
        "weeks_found": "出现周数",
        "recurring": "反复出现",
        "period": "期间",
        "values": "数据",
        "other": "其他",
        "nothing": "—",
        "login_title": "登录投诉洞察",
        "login_help": "请输入您的个人密钥或具有 insights:read 权限的 API 密钥。",
        "key": "密钥",
        "sign_in": "登录",
        "key_unknown": "密钥无效或已被撤销。",
        "key_lacks_scope": "此密钥没有 insights:read 权限。",
        "too_many_attempts": "尝试次数过多，请一分钟后再试。",
        "session_ended": "会话已结束，请重新登录。",
    },
    "en": {
        "title": "Complaint insights",
        "subtitle": "Complaints are free quality monitoring: trends, deadlines, satisfaction "
        "and early warning of systematic failures",
        "last_days": "Last {days} days",
        "by_period": "By {period}",
        "day": "day",
        "week": "week",
        "month": "month",
        "all_departments": "All departments",
        "show": "Show",
        "sign_out": "Sign out",
        "signed_in_as": "Signed in as",
        "volume": "Complaints",
        "open": "Open",
        "overdue": "Past the promised date",
        "first_response_within_sla": "First response in time",
        "resolution_within_sla": "Resolved within the internal deadline",
        "promise_kept": "Promise kept",
        "csat": "CSAT",
        "reopen_rate": "Reopen rate",
        "repeat_share": "Repeat complainants",
        "returns": "Returns",
        "first_response_median_hours": "First response, median hours",
        "resolution_median_hours": "Resolution, median hours",
        "volume_by_department": "Complaints by department",
        "volume_by_cause": "Complaints by cause",
        "deadlines": "Deadlines and promises",
        "satisfaction": "CSAT and reopen rate",
        "backlog": "Open complaints by age",
        "backlog_by_department": "Open complaints by department",
        "department": "Department",
        "cause": "Cause",
        "channel": "Channel",
        "oldest_days": "Oldest (days)",
        "alerts": "Early warning of systematic failures",
        "no_alerts": "No alerts in this window.",
        "emerging_topics": "Emerging topics",
        "no_topics": "No emerging topics in this window.",
        "topic": "Topic",
        "series": "Series",
        "days": "Days",
        "observed": "Observed",
        "expected": "Expected",
        "ratio": "Ratio",
        "top_terms": "Words that rose",
        "examples": "Example complaints",
        "root_causes": "Root causes that keep coming back",
        "no_root_causes": "No investigation findings in this window.",
        "root_cause": "Root cause",
        "count": "Count",
        "weeks_found": "Weeks found",
        "recurring": "Recurring",
        "period": "Period",
        "values": "Values",
        "other": "other",
        "nothing": "-",
        "login_title": "Sign in to complaint insights",
        "login_help": "Enter your personal key, or an API key with the insights:read scope.",
        "key": "Key",
        "sign_in": "Sign in",
        "key_unknown": "The key is unknown or revoked.",
        "key_lacks_scope": "This key lacks the insights:read scope.",
        "too_many_attempts": "Too many attempts; try again in a minute.",
        "session_ended": "Your session ended; sign in again.",
    },
}


# Values of dimensions the contracts fix (channels) and the backlog's age bands; department
# and cause codes come from configuration and are shown as they are.
VALUES: dict[Language, dict[str, str]] = {
    "zh": {
        "under_1_day": "不足1天",
        "1_to_3_days": "1–3天",
        "3_to_7_days": "3–7天",
        "7_to_30_days": "7–30天",
        "over_30_days": "30天以上",
        "phone": "电话",
        "letter": "信函",
        "on_site": "现场",
        "web": "网页",
        "email": "电子邮件",
        "sms": "短信",
        "unknown": "未知",
    },
    "en": {
        "under_1_day": "< 1 day",
        "1_to_3_days": "1-3 days",
        "3_to_7_days": "3-7 days",
        "7_to_30_days": "7-30 days",
        "over_30_days": "> 30 days",
        "phone": "phone",
        "letter": "letter",
        "on_site": "on site",
        "web": "web",
        "email": "e-mail",
        "sms": "SMS",
        "unknown": "unknown",
    },
}


def language_of(asked: str | None, accept_language: str | None) -> Language:
    """The one asked for; else the first of the browser's that we have; else Chinese."""
    if asked in ("zh", "en"):
        return "zh" if asked == "zh" else "en"
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"


class Words:
    """Looks up a reader's words; a value without a translation (a department's code) is
    shown as it is."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._texts = TEXTS[language]
        self._values = VALUES[language]

    def __call__(self, key: str, **values: object) -> str:
        return self._texts[key].format(**values) if values else self._texts[key]

    def value(self, value: str) -> str:
        return self._values.get(value, value)
