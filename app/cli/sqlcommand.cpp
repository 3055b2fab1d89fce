// aftermath-cli sql: one SQL statement that reads, its rows streamed as a table, CSV or JSON
// (docs/sql.md).

#include "sqlcommand.h"

#include "actioncommands.h"
#include "cli.h"
#include "cliutil.h"
#include "jsonwriter.h"
#include "workspace/workspace.h"

#include <QLocale>

#include <cmath>
#include <memory>

namespace aftermath::cli {

namespace {

using store::SqlValue;

// The aligned table takes its column widths from its first rows: they are held back until this
// many have come (or the last has), and the rest stream in those widths, so a million rows print
// as they come in constant memory.
constexpr std::size_t tableWidthRows = 1000;
// No column is padded wider than this; a longer value pushes the rest of its line along.
constexpr qsizetype widestColumn = 60;

QString realText(double value) { return QString::number(value, 'g', QLocale::FloatingPointShortest); }

// A BLOB as an SQL literal, x'00ff', in every format.
QString blobText(const QByteArray& bytes) { return QStringLiteral("x'") + QString::fromLatin1(bytes.toHex()) + u'\''; }

// A value as text: NULL empty, numbers as written, a BLOB as its literal.
QString plainText(const SqlValue& value)
{
    if (const auto* integer = std::get_if<qint64>(&value))
        return QString::number(*integer);
    if (const auto* real = std::get_if<double>(&value))
        return realText(*real);
    if (const auto* text = std::get_if<QString>(&value))
        return *text;
    if (const auto* blob = std::get_if<QByteArray>(&value))
        return blobText(*blob);
    return {};
}

// Writes a result as it streams: the column names, then each row.
class RowWriter {
public:
    virtual ~RowWriter() = default;
    virtual void header(const QStringList& names) = 0;
    virtual void row(std::span<const SqlValue> values) = 0;
    // After the last row (not after a failure: an unfinished JSON array says it is unfinished).
    virtual void finish() = 0;
};

// Aligned columns for a terminal: each value on its line (line breaks and control characters
// escaped), NULL as nothing.
class TableWriter final : public RowWriter {
public:
    explicit TableWriter(QTextStream& out) : m_out(out) {}

    void header(const QStringList& names) override
    {
        for (const QString& name : names)
            m_names << terminalSafe(name, LineBreaks::Escape);
    }
    void row(std::span<const SqlValue> values) override
    {
        QStringList cells;
        for (const SqlValue& value : values)
            cells << terminalSafe(plainText(value), LineBreaks::Escape);
        if (m_streaming) {
            writeLine(cells);
            return;
        }
        m_held.push_back(std::move(cells));
        if (m_held.size() >= tableWidthRows)
            writeHeld();
    }
    void finish() override
    {
        if (!m_streaming)
            writeHeld();
    }

private:
    void writeHeld()
    {
        m_streaming = true;
        if (m_names.isEmpty())
            return;
        for (const QString& name : m_names)
            m_widths.push_back(name.size());
        for (const QStringList& cells : m_held) {
            for (qsizetype i = 0; i < cells.size(); ++i)
                m_widths[std::size_t(i)] = std::max(m_widths[std::size_t(i)], cells[i].size());
        }
        QStringList rules;
        for (qsizetype& width : m_widths) {
            width = std::min(width, widestColumn);
            rules << QString(width, u'-');
        }
        writeLine(m_names);
        writeLine(rules);
        for (const QStringList& cells : m_held)
            writeLine(cells);
        m_held.clear();
    }
    void writeLine(const QStringList& cells)
    {
        QString line;
        for (qsizetype i = 0; i < cells.size(); ++i)
            line += i + 1 < cells.size() ? cells[i].leftJustified(m_widths[std::size_t(i)]) + QStringLiteral("  ")
                                         : cells[i];
        m_out << line << '\n';
    }

    QTextStream& m_out;
    QStringList m_names;
    std::vector<qsizetype> m_widths;
    std::vector<QStringList> m_held; // the first rows, until the widths are known
    bool m_streaming = false;
};

// RFC 4180: a header record of the column names, CRLF after each record; text as csvField()
// quotes it, NULL as an empty field.
class CsvWriter final : public RowWriter {
public:
    explicit CsvWriter(QTextStream& out) : m_out(out) {}

    void header(const QStringList& names) override
    {
        QStringList fields;
        for (const QString& name : names)
            fields << csvField(name);
        m_out << fields.join(u',') << "\r\n";
    }
    void row(std::span<const SqlValue> values) override
    {
        QString line;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0)
                line += u',';
            const SqlValue& value = values[i];
            line += std::holds_alternative<QString>(value) || std::holds_alternative<QByteArray>(value)
                ? csvField(plainText(value))
                : plainText(value);
        }
        m_out << line << "\r\n";
    }
    void finish() override {}

private:
    QTextStream& m_out;
};

// An object per row, keyed by column name in column order: a JSON array of them, or one per line
// (JSON Lines). Numbers stay numbers; a REAL JSON cannot hold (infinity) is null. The keys are
// escaped once, not once a row as JsonObjectWriter would: a million rows would pay it a million times.
class JsonWriter final : public RowWriter {
public:
    JsonWriter(QTextStream& out, bool lines) : m_out(out), m_lines(lines) {}

    void header(const QStringList& names) override
    {
        for (qsizetype i = 0; i < names.size(); ++i)
            m_keys << (i == 0 ? QStringLiteral("{") : QStringLiteral(",")) + jsonString(names[i]) + u':';
        if (!m_lines)
            m_out << '[';
    }
    void row(std::span<const SqlValue> values) override
    {
        m_line.clear(); // keeps its capacity
        if (!m_lines)
            m_line += m_first ? u"\n" : u",\n";
        for (std::size_t i = 0; i < values.size(); ++i) {
            m_line += m_keys[qsizetype(i)];
            const SqlValue& value = values[i];
            if (const auto* integer = std::get_if<qint64>(&value))
                m_line += QString::number(*integer);
            else if (const auto* real = std::get_if<double>(&value))
                m_line += std::isfinite(*real) ? realText(*real) : QStringLiteral("null");
            else if (std::holds_alternative<std::monostate>(value))
                m_line += u"null";
            else if (const auto* text = std::get_if<QString>(&value))
                m_line += jsonString(*text);
            else
                m_line += jsonString(plainText(value));
        }
        m_line += values.empty() ? u"{}" : u"}";
        if (m_lines)
            m_line += u'\n';
        m_out << m_line;
        m_first = false;
    }
    void finish() override
    {
        if (!m_lines)
            m_out << (m_first ? "]\n" : "\n]\n");
    }

private:
    QTextStream& m_out;
    bool m_lines;
    bool m_first = true;
    QStringList m_keys; // `{"name":` for the first column, `,"name":` for the others
    QString m_line;
};

} // namespace

void sqlOptions(QCommandLineParser& parser)
{
    parser.addOption(formatOption(QStringLiteral("table, csv, json, jsonl"), QStringLiteral("table")));
    // The time column is UTC, always, and time text without an offset is read as UTC (SQLite
    // compares it as text); --tz is only the zone local_time() shows a time in.
    addZoneOption(parser,
        QStringLiteral("The zone local_time(TIME) shows times in when given no zone: an IANA name (Europe/London), "
                       "UTC, an offset (+02:00) or system (the default). The time column is UTC whatever it says."));
}

int sqlRun(const Invocation& in)
{
    const auto format = chosenFormat(in,
        {QStringLiteral("table"), QStringLiteral("csv"), QStringLiteral("json"), QStringLiteral("jsonl")},
        QStringLiteral("one of: table, csv, json, jsonl"));
    if (!format)
        return UsageError;
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const QStringList arguments = in.parser.positionalArguments();
    if (arguments.size() != 1)
        return in.usageError(
            QStringLiteral("sql takes one SQL statement, quoted as one argument: sql \"SELECT count(*) FROM events\""));

    auto ws = openForReading(in);
    if (!ws)
        return failed(in, ws.error());
    std::unique_ptr<RowWriter> writer;
    if (*format == u"csv")
        writer = std::make_unique<CsvWriter>(in.out);
    else if (*format == u"json" || *format == u"jsonl")
        writer = std::make_unique<JsonWriter>(in.out, *format == u"jsonl");
    else
        writer = std::make_unique<TableWriter>(in.out);
    const auto writing = [&] { return in.out.status() == QTextStream::Ok; };
    const auto done = ws->evidence().query({arguments.front(), tz->zone},
        {[&](const QStringList& names) {
             writer->header(names);
             return writing();
         },
            [&](std::span<const SqlValue> row) {
                writer->row(row);
                return writing();
            }});
    if (!done) {
        in.out.flush();
        // The statement itself (it does not compile, would write, is more than one) is the
        // command line's fault; anything else is the store's.
        if (done.error().code == Error::Code::InvalidArgument)
            return in.usageError(done.error().message);
        return failed(in, done.error());
    }
    writer->finish();
    in.out.flush();
    if (!writing())
        return in.runtimeError(QStringLiteral("could not write the output"));
    return Success;
}

} // namespace aftermath::cli
