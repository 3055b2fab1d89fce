#pragma once

// JSON objects written key by key, for the CLI's JSON output whose field order is documented.

#include <QString>
#include <QStringView>

namespace aftermath::cli {

// Writes one JSON object with its keys in the order they are added (QJsonObject sorts them), for
// JSON Lines output whose field order is documented.
class JsonObjectWriter {
public:
    JsonObjectWriter& add(QStringView key, QStringView value); // a string
    JsonObjectWriter& addOptional(QStringView key, QStringView value); // null when empty
    JsonObjectWriter& add(QStringView key, qint64 value);
    JsonObjectWriter& addRaw(QStringView key, QStringView json); // already JSON (an object, array, ...)
    QString finish(); // "{...}"

private:
    void key(QStringView name);
    QString m_text = QStringLiteral("{");
};

// A JSON string literal with quotes; control characters, quotes and backslashes escaped.
QString jsonString(QStringView text);

} // namespace aftermath::cli
