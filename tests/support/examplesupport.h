#pragma once

// The bundled example incident (resources/examples): its evidence folder, and its incident as the
// manifest describes it, which is what `aftermath-cli demo` creates.

#include "model/incident.h"
#include "model/timestamp.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace aftermath::test {

inline QString exampleEvidence() { return QStringLiteral(AFTERMATH_EXAMPLES "/etl-incident"); }

inline model::Incident exampleIncident()
{
    QFile file(QStringLiteral(AFTERMATH_EXAMPLES "/etl-incident.json"));
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
    const auto zone = model::parseZone(manifest.value(u"zone").toString());
    REQUIRE(zone);
    const auto from = model::parseIsoTime(manifest.value(u"from").toString(), *zone);
    const auto to = model::parseIsoTime(manifest.value(u"to").toString(), *zone);
    REQUIRE(from);
    REQUIRE(to);
    model::Incident incident;
    incident.title = manifest.value(u"title").toString();
    incident.severity = manifest.value(u"severity").toString();
    incident.displayZone = QString::fromUtf8(zone->id());
    incident.fromUs = *from;
    incident.toUs = *to;
    return incident;
}

} // namespace aftermath::test
