// The hostile corpus through export -> import-postmortem -> export, a field at a time: the second
// export is the first, and the field comes back as report::readBack() says (docs/reliability.md).

#include "report/escape.h"
#include "report/postmortem.h"
#include "report/postmortemimport.h"
#include "report/templates.h"

#include "examplepostmortem.h"
#include "hostilecorpus.h"
#include "reportsupport.h"

#include <functional>

using namespace aftermath;

namespace {

// A field people write: where it is in the record, whether it is written on one line, and the
// templates that show it.
struct Field {
    const char* name;
    std::function<QString&(model::Postmortem&)> at;
    bool oneLine;
    QStringList templates;
};

const QStringList all = {QStringLiteral("default"), QStringLiteral("google-sre"), QStringLiteral("minimal")};
const QStringList defaultOnly = {QStringLiteral("default")};
const QStringList sre = {QStringLiteral("google-sre")};
const QStringList notMinimal = {QStringLiteral("default"), QStringLiteral("google-sre")};

const std::vector<Field>& fields()
{
    static const std::vector<Field> list = {
        {"title", [](model::Postmortem& p) -> QString& { return p.incident.title; }, true, all},
        {"severity", [](model::Postmortem& p) -> QString& { return p.incident.severity; }, true, defaultOnly},
        {"authors", [](model::Postmortem& p) -> QString& { return p.incident.authors; }, true, defaultOnly},
        {"summary", [](model::Postmortem& p) -> QString& { return p.incident.summary; }, false, sre},
        {"description", [](model::Postmortem& p) -> QString& { return p.incident.description; }, false, defaultOnly},
        {"impact", [](model::Postmortem& p) -> QString& { return p.incident.impact; }, false, notMinimal},
        {"trigger", [](model::Postmortem& p) -> QString& { return p.incident.trigger; }, false, notMinimal},
        {"detection", [](model::Postmortem& p) -> QString& { return p.incident.detection; }, false, notMinimal},
        {"resolution", [](model::Postmortem& p) -> QString& { return p.incident.resolution; }, false, notMinimal},
        {"contributing factors", [](model::Postmortem& p) -> QString& { return p.incident.contributingFactors; }, false,
            notMinimal},
        {"went well", [](model::Postmortem& p) -> QString& { return p.incident.wentWell; }, false, sre},
        {"went wrong", [](model::Postmortem& p) -> QString& { return p.incident.wentWrong; }, false, sre},
        {"got lucky", [](model::Postmortem& p) -> QString& { return p.incident.gotLucky; }, false, sre},
        {"timeline entry", [](model::Postmortem& p) -> QString& { return p.timeline[1].text; }, true, all},
        {"timeline note", [](model::Postmortem& p) -> QString& { return p.timeline[1].note; }, true, notMinimal},
        {"root cause", [](model::Postmortem& p) -> QString& { return p.rootCauses[0].text; }, false, all},
        {"action item", [](model::Postmortem& p) -> QString& { return p.actionItems[0].description; }, true, all},
        // Not minimal: it writes "action (owner)" with no label, and the importer takes a bracket at
        // the end as the owner only when it holds 2 to 60 characters and at most three spaces, so that
        // a remark ("(see the runbook for the details)") stays part of the action.
        {"action owner", [](model::Postmortem& p) -> QString& { return p.actionItems[0].owner; }, true, notMinimal},
        {"action priority", [](model::Postmortem& p) -> QString& { return p.actionItems[0].priority; }, true,
            defaultOnly},
        {"action link", [](model::Postmortem& p) -> QString& { return p.actionItems[0].link; }, true, notMinimal},
    };
    return list;
}

QString render(const model::Postmortem& p, const QString& templateName)
{
    const auto markdown = report::renderMarkdown(p, test::builtIn(templateName), {});
    REQUIRE(markdown);
    return *markdown;
}

} // namespace

TEST_CASE("hostile text in any field survives export, import-postmortem and export again (issue 11, item 8)",
    "[hostile][roundtrip]")
{
    int trips = 0;
    QStringList failures;
    for (const Field& field : fields()) {
        for (const QString& name : field.templates) {
            for (const QString& text : test::hostileCorpus()) {
                model::Postmortem original = test::examplePostmortemText();
                field.at(original) = text;
                const QString first = render(original, name);
                auto back = report::importPostmortem(first, QStringLiteral("postmortem.md"), {});
                REQUIRE(back);
                model::Postmortem& imported = back->postmortem;
                imported.incident.id = original.incident.id;
                imported.incident.updatedAtUs = original.incident.updatedAtUs;
                ++trips;
                const QString expected
                    = field.oneLine ? report::oneLine(report::readBack(text)) : report::readBack(text);
                const QString what
                    = QStringLiteral("%1 via %2: %3")
                          .arg(QString::fromLatin1(field.name), name, QString::fromStdString(test::describe(text)));
                QString difference;
                if (field.at(imported) != expected)
                    difference
                        = QStringLiteral(" came back as ") + QString::fromStdString(test::describe(field.at(imported)));
                else if (render(imported, name) != first)
                    difference = QStringLiteral(": the second export differs");
                if (!difference.isEmpty())
                    failures << what + difference;
            }
        }
    }
    INFO(failures.size() << " of " << trips << " round trips differ:\n" << failures.join(u'\n').toStdString());
    CHECK(failures.isEmpty());
    CHECK(trips >= 50 * int(fields().size()));
}
