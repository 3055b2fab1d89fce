// The hostile corpus through the SVG timeline chart, and where the chart cuts a long text.

#include "report/chart.h"

#include "hostilecorpus.h"

#include <QRegularExpression>
#include <QXmlStreamReader>

using namespace aftermath;

namespace {

// The chart read as XML: its problems (not well-formed, an element or attribute the chart does
// not write, an on* handler) and the text of its <text> elements.
struct SvgRead {
    QStringList problems;
    QStringList texts;
};

SvgRead readSvg(const QString& svg)
{
    static const QStringList elements = {QStringLiteral("svg"), QStringLiteral("title"), QStringLiteral("desc"),
        QStringLiteral("style"), QStringLiteral("g"), QStringLiteral("rect"), QStringLiteral("line"),
        QStringLiteral("circle"), QStringLiteral("path"), QStringLiteral("polygon"), QStringLiteral("text")};
    SvgRead read;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QString name = xml.name().toString();
        if (!elements.contains(name))
            read.problems << QStringLiteral("element ") + name;
        for (const QXmlStreamAttribute& attribute : xml.attributes()) {
            if (attribute.name().startsWith(u"on", Qt::CaseInsensitive) || attribute.name().contains(u"href"))
                read.problems << QStringLiteral("attribute ") + attribute.name().toString();
        }
        if (name == u"text")
            read.texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
    }
    if (xml.hasError())
        read.problems << QStringLiteral("not well-formed: ") + xml.errorString();
    return read;
}

} // namespace

TEST_CASE("hostile text in the chart's title, lanes, marks and runs gives well-formed SVG with nothing live",
    "[hostile][chart]")
{
    for (const QString& text : test::hostileCorpus()) {
        INFO("text " << test::describe(text));
        const QString svg = report::renderChart(test::evidenceWith(text), QTimeZone::utc(), text);
        const SvgRead read = readSvg(svg);
        INFO(read.problems.join(u'\n').toStdString());
        CHECK(read.problems.isEmpty());
        CHECK_FALSE(read.texts.isEmpty());
    }
}

TEST_CASE("the chart cuts a long title and lane name between graphemes, never inside an emoji (issue 11, item 14)",
    "[hostile][chart]")
{
    const QString family = QStringLiteral("👨‍👩‍👧‍👦"); // a ZWJ sequence: 11 UTF-16 units
    const QString flag = QStringLiteral("🇬🇧"); // two regional indicators
    const QString accent = QStringLiteral("e\u0301"); // e and a combining acute
    for (const QString& unit : {family, flag, accent, QStringLiteral("👍🏽")}) {
        INFO(unit.toStdString());
        // Titles of every length around the cut: wherever it falls, only whole units remain.
        for (int prefix = 140; prefix < 160; ++prefix) {
            QString title = QString(prefix, u'a');
            for (int i = 0; i < 30; ++i)
                title += unit;
            timeline::Timeline t = test::evidenceWith(QString(200, u'b') + unit + unit + unit);
            t.entries[0].source = QString(40, u's') + QString(12, QChar()).replace(QChar(), unit);
            const QString svg = report::renderChart(t, QTimeZone::utc(), title);
            const SvgRead read = readSvg(svg);
            REQUIRE(read.problems.isEmpty());
            const auto shown = std::ranges::find_if(read.texts, [](const QString& s) { return s.startsWith(u"aaaa"); });
            REQUIRE(shown != read.texts.end());
            REQUIRE(shown->endsWith(u"…"));
            const QString kept = shown->chopped(1).mid(prefix);
            CHECK(kept.size() % unit.size() == 0);
            CHECK(kept == QString(kept.size() / unit.size(), QChar()).replace(QChar(), unit));
            // The lane's name is cut from the left, keeping its end whole.
            const auto lane = std::ranges::find_if(read.texts, [](const QString& s) { return s.startsWith(u"…"); });
            REQUIRE(lane != read.texts.end());
            QString end = lane->mid(1);
            CHECK(end.endsWith(unit));
            while (end.startsWith(u'b') || end.startsWith(u's'))
                end.remove(0, 1); // the name's start, when it fits
            CHECK(end == QString(end.size() / unit.size(), QChar()).replace(QChar(), unit));
            CHECK_FALSE(svg.contains(QChar(QChar::ReplacementCharacter)));
        }
    }
}
