#pragma once

// What the tests of the Postmortem tab share: a real MainWindow on a store in a temporary folder,
// on a fixed clock, and ways to reach the parts of its postmortem.

#include "apptestsupport.h"
#include "curatedtimelinemodel.h"
#include "mainwindow.h"
#include "model/timestamp.h"
#include "postmortemview.h"
#include "timelineview.h"
#include "workspace/workspace.h"

#include <catch2/catch.hpp>

#include <QDialog>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <memory>
#include <vector>

namespace aftermath::test::postmortem {

using desktop::CuratedTimelineModel;
using desktop::MainWindow;
using desktop::PostmortemView;
using desktop::TimelineView;
using model::TimelineEntry;

inline constexpr qint64 hourUs = 3600 * usPerSecond;
inline constexpr int waitMs = 120'000;
inline const QTimeZone london(QByteArrayLiteral("Europe/London"));

// 2026-07-02T12:00:00Z: a fortnight after the example's night; the same day in any zone near UTC.
inline qint64 julySecondUs() { return model::daysFromCivil(2026, 7, 2) * 86400 * usPerSecond + 12 * hourUs; }

inline std::vector<qint64> sortedUnique(std::vector<qint64> ids)
{
    std::ranges::sort(ids);
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// A window on a new store in a temporary folder, on a fixed clock, shown (offscreen) at 1280x800.
// The window can be closed and opened again on the same store.
struct Fixture {
    QTemporaryDir dir;
    FixedClock clock{julySecondUs()};
    QString storePath = dir.filePath(QStringLiteral("example.sqlite"));
    std::unique_ptr<MainWindow> window;

    Fixture()
    {
        isolateSettings();
        REQUIRE(dir.isValid());
        openWindow();
    }

    void openWindow()
    {
        window = std::make_unique<MainWindow>(clock);
        REQUIRE(window->openStore(storePath));
        window->setImportZone(london);
        window->resize(1280, 800);
        window->show();
        REQUIRE(QTest::qWaitForWindowExposed(window.get()));
    }

    void importExample()
    {
        QSignalSpy imported(window.get(), &MainWindow::importFinished);
        REQUIRE(window->importPaths({test::exampleEvidence()}));
        REQUIRE(imported.wait(waitMs));
        REQUIRE(window->lastImport());
        REQUIRE(window->lastImport()->errorCount() == 0);
        if (auto* summary = window->findChild<QDialog*>(QStringLiteral("importSummaryDialog")))
            summary->close();
    }

    // Creates `incident` and waits for its timeline; returns its id.
    qint64 create(const model::Incident& incident)
    {
        REQUIRE(window->createIncident(incident));
        waitForTimeline();
        return *window->currentIncidentId();
    }

    void waitForTimeline()
    {
        REQUIRE(QTest::qWaitFor([this] { return !window->timelineView()->isBusy(); }, waitMs));
    }

    void draft()
    {
        QSignalSpy finished(&pm(), &PostmortemView::draftFinished);
        pm().startDraft();
        REQUIRE(finished.wait(waitMs));
        REQUIRE(pm().lastDraft());
    }

    const workspace::Workspace& store() const { return *window->currentWorkspace(); }
    PostmortemView& pm() const { return *window->postmortemView(); }
    TimelineView& timeline() const { return *window->timelineView(); }

    model::Incident stored(qint64 id) const
    {
        const auto incident = store().postmortems().incident(id);
        REQUIRE(incident);
        return *incident;
    }

    std::vector<TimelineEntry> entries(qint64 id) const
    {
        const auto read = store().postmortems().timelineEntries(id);
        REQUIRE(read);
        return *read;
    }
};

inline QPlainTextEdit* textField(const PostmortemView& view, const QString& name)
{
    auto* editor = qobject_cast<QPlainTextEdit*>(view.fieldEditor(name));
    REQUIRE(editor);
    return editor;
}

inline QString cell(const QAbstractItemModel& model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

inline int rowWhere(const CuratedTimelineModel& model, const QString& text)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.entryAt(row).text.contains(text))
            return row;
    return -1;
}

// A screenshot under the build tree (next to the test executable), never the source tree.
inline QString saveShot(QWidget& widget, const QString& name)
{
    const QPixmap shot = widget.grab();
    REQUIRE_FALSE(shot.isNull());
    const QString file = test::screenshotPath(name);
    REQUIRE(shot.save(file));
    return file;
}

// Another program writing to the store: holds its write lock from construction to release().
class LockHolder {
public:
    explicit LockHolder(const QString& path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name());
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        REQUIRE(query.exec(QStringLiteral("BEGIN IMMEDIATE")));
    }
    ~LockHolder() { release(); }
    void release()
    {
        if (!QSqlDatabase::contains(name()))
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(name());
            QSqlQuery(db).exec(QStringLiteral("COMMIT"));
            db.close();
        }
        QSqlDatabase::removeDatabase(name());
    }

private:
    static QString name() { return QStringLiteral("lock-holder"); }
};

} // namespace aftermath::test::postmortem
