// JSON objects written key by key, for the CLI's JSON output whose field order is documented.

#include "jsonwriter.h"

#include <algorithm>

namespace aftermath::cli {

QString jsonString(QStringView text)
{
    // Most text needs no escape: one copy, not a character at a time.
    const auto plain = [](QChar c) {
        return c.unicode() >= 0x20 && c != u'"' && c != u'\\' && c.unicode() != 0x2028 && c.unicode() != 0x2029;
    };
    if (std::all_of(text.begin(), text.end(), plain)) {
        QString out;
        out.reserve(text.size() + 2);
        out += u'"';
        out += text;
        out += u'"';
        return out;
    }
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'"':
            out += QStringLiteral("\\\"");
            break;
        case u'\\':
            out += QStringLiteral("\\\\");
            break;
        case u'\n':
            out += QStringLiteral("\\n");
            break;
        case u'\r':
            out += QStringLiteral("\\r");
            break;
        case u'\t':
            out += QStringLiteral("\\t");
            break;
        case u'\b':
            out += QStringLiteral("\\b");
            break;
        case u'\f':
            out += QStringLiteral("\\f");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x2028 || c.unicode() == 0x2029)
                out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QChar(u'0'));
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

void JsonObjectWriter::key(QStringView name)
{
    if (m_text.size() > 1)
        m_text += u',';
    m_text += jsonString(name);
    m_text += u':';
}

JsonObjectWriter& JsonObjectWriter::add(QStringView name, QStringView value)
{
    key(name);
    m_text += jsonString(value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::addOptional(QStringView name, QStringView value)
{
    return value.isEmpty() ? addRaw(name, u"null") : add(name, value);
}

JsonObjectWriter& JsonObjectWriter::add(QStringView name, qint64 value)
{
    key(name);
    m_text += QString::number(value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::addRaw(QStringView name, QStringView json)
{
    key(name);
    m_text += json;
    return *this;
}

QString JsonObjectWriter::finish()
{
    m_text += u'}';
    return std::exchange(m_text, QStringLiteral("{"));
}

} // namespace aftermath::cli
