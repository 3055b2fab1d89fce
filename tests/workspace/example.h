#pragma once

// The bundled example incident in a store of a test's own, as `aftermath-cli demo` makes it: the
// workspace tests that need a real incident's evidence and postmortem start from it.

#include "workspace/workspace.h"

#include "examplesupport.h"
#include "testsupport.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

namespace aftermath::test {

// The example incident as `aftermath-cli demo` makes it: its evidence imported in its zone and the
// incident of its manifest (resources/examples/etl-incident.json).
struct Example {
    QTemporaryDir dir;
    FixedClock clock{test::incidentNightUs + 12 * 3600 * test::usPerSecond};
    workspace::Workspace store = open(dir.filePath(QStringLiteral("example.sqlite")), clock);
    qint64 incidentId = createIncident(store);

    static workspace::Workspace open(const QString& path, const FixedClock& clock)
    {
        auto opened = workspace::Workspace::open(path, {.clock = &clock});
        REQUIRE(opened);
        workspace::ImportRequest request;
        request.store = opened->location();
        request.inputs = QStringList{exampleEvidence()};
        request.zone = QTimeZone("Europe/London");
        const auto imported = workspace::importInto(request);
        REQUIRE(imported);
        for (const ingest::FileReport& report : imported->reports)
            REQUIRE(report.status != ingest::FileReport::Status::Error);
        REQUIRE(*opened->evidence().countEvents({}) == 799);
        return std::move(*opened);
    }

    static qint64 createIncident(workspace::Workspace& store)
    {
        const auto created = store.postmortems().createIncident(exampleIncident());
        REQUIRE(created);
        return created->id;
    }

    draft::DraftOutcome draft()
    {
        const auto report = workspace::draftIncident({store.location(), incidentId});
        INFO((report ? QString() : report.error().toString()).toStdString());
        REQUIRE(report);
        return *report;
    }
    model::Postmortem postmortem()
    {
        auto result = store.postmortems().postmortem(incidentId);
        REQUIRE(result);
        return std::move(*result);
    }
};

} // namespace aftermath::test
