#include "textquery.h"

#include <algorithm>

namespace aftermath::model {

namespace {

bool startsWordAt(QStringView text, qsizetype at, QStringView term)
{
    // A term that begins with punctuation ("-v", "/api") starts wherever it is found.
    if (at == 0 || !TextQuery::isWordChar(term.front()))
        return true;
    return !TextQuery::isWordChar(text[at - 1]);
}

} // namespace

TextQuery TextQuery::parse(QStringView text)
{
    TextQuery query;
    qsizetype at = 0;
    const qsizetype size = text.size();
    while (at < size) {
        while (at < size && text[at].isSpace())
            ++at;
        if (at >= size)
            break;
        bool exclude = false;
        if (text[at] == u'-' && at + 1 < size && !text[at + 1].isSpace()) {
            exclude = true;
            ++at;
        }
        QString term;
        if (text[at] == u'"') {
            const qsizetype close = text.indexOf(u'"', at + 1);
            const qsizetype end = close < 0 ? size : close;
            term = text.mid(at + 1, end - at - 1).trimmed().toString();
            at = close < 0 ? size : close + 1;
        } else {
            const qsizetype start = at;
            while (at < size && !text[at].isSpace())
                ++at;
            term = text.mid(start, at - start).toString();
        }
        if (term.isEmpty())
            continue;
        (exclude ? query.m_excluded : query.m_included).append(term);
    }
    return query;
}

bool TextQuery::startsWordIn(QStringView text, QStringView term)
{
    if (term.isEmpty())
        return true;
    for (qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(term, at + 1, Qt::CaseInsensitive)) {
        if (startsWordAt(text, at, term))
            return true;
    }
    return false;
}

bool TextQuery::matches(const Event& event) const
{
    const auto found = [&event](const QString& term) {
        return startsWordIn(event.message, term) || startsWordIn(event.raw, term) || startsWordIn(event.service, term)
            || startsWordIn(event.runId, term) || startsWordIn(event.actor, term)
            || startsWordIn(event.outcome, term);
    };
    return std::all_of(m_included.begin(), m_included.end(), found)
        && std::none_of(m_excluded.begin(), m_excluded.end(), found);
}

std::vector<std::pair<qsizetype, qsizetype>> TextQuery::highlights(QStringView text) const
{
    std::vector<std::pair<qsizetype, qsizetype>> found;
    for (const QString& term : m_included) {
        for (qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(term, at + 1, Qt::CaseInsensitive)) {
            if (startsWordAt(text, at, term))
                found.emplace_back(at, term.size());
        }
    }
    std::sort(found.begin(), found.end());
    // Overlapping terms ("conn", "connection") become one range.
    std::vector<std::pair<qsizetype, qsizetype>> merged;
    for (const auto& [start, length] : found) {
        if (!merged.empty() && start <= merged.back().first + merged.back().second) {
            auto& last = merged.back();
            last.second = std::max(last.first + last.second, start + length) - last.first;
        } else {
            merged.emplace_back(start, length);
        }
    }
    return merged;
}

} // namespace aftermath::model
