// A child process for store tests: writes batches so a test can kill it mid-transaction, and
// opens stores under another user's permissions.
//   store_helper insert-batches FILE BATCHES ROWS   prints "begin N" / "committed N" per batch
//   store_helper open FILE                           opens read-write; prints the error, exit 1
//   store_helper count FILE                          opens read-only; prints the event count

#include "store/store.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace aftermath;

namespace {

int fail(const Error& error)
{
    std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
    return 1;
}

int insertBatches(const QString& path, int batches, int rows)
{
    auto store = store::Store::open(path);
    if (!store)
        return fail(store.error());
    std::vector<model::Event> events(static_cast<std::size_t>(rows));
    for (int batch = 1; batch <= batches; ++batch) {
        std::printf("begin %d\n", batch);
        std::fflush(stdout);
        auto tx = store->evidence().beginEvidence();
        if (!tx)
            return fail(tx.error());
        model::Source source;
        source.path = QStringLiteral("/batch/%1").arg(batch);
        source.displayName = source.path;
        source.format = QStringLiteral("text");
        const auto sourceId = (*tx)->addSource(source);
        if (!sourceId)
            return fail(sourceId.error());
        for (int i = 0; i < rows; ++i) {
            model::Event& e = events[std::size_t(i)];
            e.sourceId = *sourceId;
            e.timeUs = qint64(batch) * 1'000'000'000 + i;
            e.seq = i;
            e.line = i + 1;
            e.message = QStringLiteral("batch %1 row %2").arg(batch).arg(i);
        }
        if (auto added = (*tx)->addEvents(events); !added)
            return fail(added.error());
        if (auto committed = (*tx)->commit(); !committed)
            return fail(committed.error());
        std::printf("committed %d\n", batch);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 5 && args[1] == u"insert-batches")
        return insertBatches(args[2], args[3].toInt(), args[4].toInt());
    if (args.size() == 3 && args[1] == u"open") {
        const auto store = store::Store::open(args[2]);
        return store ? 0 : fail(store.error());
    }
    if (args.size() == 3 && args[1] == u"count") {
        const auto store = store::Store::open(args[2], {.access = store::OpenOptions::Access::ReadOnly});
        if (!store)
            return fail(store.error());
        const auto count = store->evidence().countEvents({});
        if (!count)
            return fail(count.error());
        std::printf("%lld\n", static_cast<long long>(*count));
        return 0;
    }
    std::fprintf(stderr, "usage: store_helper insert-batches FILE BATCHES ROWS | open FILE | count FILE\n");
    return 2;
}
