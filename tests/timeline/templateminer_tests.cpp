#include "timeline/templateminer.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using namespace aftermath::timeline;

namespace {

// Adds the lines in order, returning each one's cluster.
std::vector<std::size_t> addAll(TemplateMiner& miner, const QStringList& lines)
{
    std::vector<std::size_t> ids;
    for (const QString& line : lines)
        ids.push_back(miner.add(line));
    return ids;
}

} // namespace

TEST_CASE("miner: a run's number varies, the job's name and words stay", "[timeline][templateminer]")
{
    TemplateMiner miner;
    const std::size_t first = miner.add(u"Starting job reconcile-acme run 539");
    CHECK(miner.add(u"Starting job reconcile-acme run 580") == first);
    CHECK(miner.add(u"Starting job reconcile-acme run 581") == first);
    CHECK(miner.templateText(first) == QStringLiteral("Starting job reconcile-acme run <*>"));
    CHECK(miner.count(first) == 3);
    CHECK(miner.size() == 1);
    // Another job's run of the same shape joins it, and the job becomes a parameter.
    CHECK(miner.add(u"Starting job reconcile-globex run 12") == first);
    CHECK(miner.templateText(first) == QStringLiteral("Starting job <*> run <*>"));
    // A different message is another cluster.
    const std::size_t done = miner.add(u"Job reconcile-acme run 539 completed in 29.8s");
    CHECK(done != first);
    CHECK(miner.size() == 2);
}

TEST_CASE("miner: different failures of one service stay apart", "[timeline][templateminer]")
{
    TemplateMiner miner;
    const std::vector<std::size_t> ids = addAll(miner,
        {QStringLiteral("charge failed: card declined"), QStringLiteral("charge failed: insufficient funds"),
            QStringLiteral("charge failed: card declined"), QStringLiteral("charge failed: insufficient funds"),
            QStringLiteral("charge failed: card expired")});
    CHECK(ids[0] != ids[1]);
    CHECK(ids[2] == ids[0]);
    CHECK(ids[3] == ids[1]);
    CHECK(miner.templateText(ids[1]) == QStringLiteral("charge failed: insufficient funds"));
    // One word that differs is a value: "card expired" joins "card declined".
    CHECK(ids[4] == ids[0]);
    CHECK(miner.templateText(ids[0]) == QStringLiteral("charge failed: card <*>"));
    // So is a word between the same words in a longer line.
    const std::size_t invalid = miner.add(u"Invalid user admin from 203.0.113.9");
    CHECK(miner.add(u"Invalid user oracle from 198.51.100.77") == invalid);
    CHECK(miner.templateText(invalid) == QStringLiteral("Invalid user <*> from <*>"));
    // But not a letter: the two tenants' alerts (the example incident's) stay two entries.
    const std::size_t east
        = miner.add(u":warning: ETL run for NHS E has not completed (started 02:00, expected by 04:00)");
    const std::size_t south
        = miner.add(u":warning: ETL run for NHS S has not completed (started 02:30, expected by 04:30)");
    CHECK(east != south);
    CHECK(miner.add(u":warning: ETL run for NHS E has not completed (started 03:00, expected by 05:00)") == east);
    // Nor a word of what happened: "started" is not "finished".
    const std::size_t started = miner.add(u"deploy of etl 1.4.2 started");
    CHECK(miner.add(u"deploy of etl 1.4.3 finished") != started);
    CHECK(miner.add(u"ECS task etl-post-funding:42 RUNNING") != miner.add(u"ECS task etl-post-funding:42 STOPPED"));
    // Also where the word is quoted or has signs around it: a state in quotes stays a word (the
    // masking's quoted values are the miner's to generalise), and "WWEN[disable]" says "disable".
    const std::size_t inactive = miner.add(u"Location icon should now be in state 'Inactive'");
    CHECK(miner.add(u"Location icon should now be in state 'Active'") != inactive);
    CHECK(miner.add(u"Location icon should now be in state 'Inactive'") == inactive);
    CHECK(miner.templateText(inactive) == QStringLiteral("Location icon should now be in state 'Inactive'"));
    CHECK(miner.add(u"ARPT: 620702.879952: wl0: WWEN[disable]") != miner.add(u"ARPT: 621342.242614: wl0: WWEN[enable]"));
    // But another quoted name is a value, as before.
    const std::size_t alice = miner.add(u"quota exceeded for user 'alice' on bucket 'exports'");
    CHECK(miner.add(u"quota exceeded for user 'bob' on bucket 'exports'") == alice);
    CHECK(miner.templateText(alice) == QStringLiteral("quota exceeded for user <*> on bucket 'exports'"));
    CHECK(miner.add(u"quota exceeded for user 'carol 2' on bucket 'exports'") == alice);
}

TEST_CASE("miner: real-shaped lines", "[timeline][templateminer]")
{
    TemplateMiner miner;
    // HDFS: block ids and numbers are masked before the tree sees them.
    const std::size_t responder = miner.add(u"PacketResponder 1 for block blk_38865049064139660 terminating");
    CHECK(miner.add(u"PacketResponder 0 for block blk_-6952295868487656571 terminating") == responder);
    CHECK(miner.templateText(responder) == QStringLiteral("PacketResponder <*> for block blk_<*> terminating"));
    // sshd: the user is a word, the address and port are numbers.
    const std::size_t accepted = miner.add(u"Accepted publickey for deploy from 192.168.7.21 port 50412 ssh2");
    CHECK(miner.add(u"Accepted publickey for ops from 10.0.0.4 port 22 ssh2") == accepted);
    CHECK(miner.templateText(accepted) == QStringLiteral("Accepted publickey for <*> from <*> port <*> <*>"));
    // Quoted values, UUIDs and hex ids.
    const std::size_t step = miner.add(u"Step create_post_funding failed: column \"funding_band\" does not exist");
    CHECK(miner.add(u"Step create_post_funding failed: column \"band\" does not exist") == step);
    const std::size_t charge = miner.add(u"charge 7f3a9c21-88e4-4b5e-9a51-2c0e6d1f4b77 succeeded in 231 ms");
    CHECK(miner.add(u"charge 0b6f1d3e-2a47-4c8f-b1e9-5d7a3c2e9f10 succeeded in 198 ms") == charge);
    CHECK(miner.templateText(charge) == QStringLiteral("charge <*> succeeded in <*> ms"));
    // Dates: numbers, and the month and weekday names beside them.
    const std::size_t connection
        = miner.add(u"connection from 24.54.76.216 (host.example.net) at Fri Jun 17 07:07:00 2005");
    CHECK(miner.add(u"connection from 10.1.2.3 (other.example.org) at Sat Jul  2 10:00:01 2005") == connection);
    CHECK(miner.templateText(connection) == QStringLiteral("connection from <*> <*> at <*> <*> <*> <*> <*>"));
    CHECK(miner.add(u"Fri is payday") != connection);
    // Only the first line counts: a traceback's frames do not make another template.
    CHECK(
        miner.add(u"Step create_post_funding failed: column \"x\" does not exist\n  File \"etl.py\", line 3") == step);
    // Whitespace is a separator, however much of it.
    CHECK(miner.add(u"  charge  deadbeef-0000  succeeded in 5 ms ") == charge);
    // Lines of different lengths never share a template.
    CHECK(miner.add(u"charge 7f3a9c21 succeeded") != charge);
    CHECK(miner.add(u"") == miner.add(u"   "));
}

TEST_CASE("miner: an access log's methods and an instance's lifecycle are events of their own",
    "[timeline][templateminer]")
{
    TemplateMiner miner;
    // OpenStack nova-api (loghub): the quoted request line keeps its method, the path varies.
    const std::size_t get = miner.add(
        u"10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829");
    CHECK(miner.add(u"10.11.10.1 \"GET /v2/e9746973ac574c6b8a9e8857f56a7608/servers/detail HTTP/1.1\" status: 200 len: 1910 "
                    u"time: 0.2808621")
        == get);
    const std::size_t post = miner.add(u"10.11.10.1 \"POST /v2/e9746973ac574c6b8a9e8857f56a7608/os-server-external-events "
                                       u"HTTP/1.1\" status: 200 len: 380 time: 0.0913219");
    const std::size_t del = miner.add(u"10.11.10.1 \"DELETE /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/"
                                      u"b9000564-fe1a-409b-b8cc-1e88b294cd1d HTTP/1.1\" status: 204 len: 203 time: 0.2549491");
    CHECK(post != get);
    CHECK(del != get);
    CHECK(del != post);
    CHECK(miner.templateText(get).contains(QStringLiteral("\"GET <*>\"")));
    // A quoted value that is no request line is still one value.
    const std::size_t column = miner.add(u"column \"funding band\" does not exist");
    CHECK(miner.add(u"column \"tenant id\" does not exist") == column);

    // What happened to an instance: spawned is not destroyed, though every other word is the same.
    const std::size_t spawned
        = miner.add(u"[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance spawned successfully.");
    CHECK(miner.add(u"[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Instance spawned successfully.") == spawned);
    CHECK(miner.add(u"[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Instance destroyed successfully.") != spawned);
    const std::size_t spawn = miner.add(
        u"[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Took 19.05 seconds to spawn the instance on the hypervisor.");
    CHECK(miner.add(u"[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Took 1.03 seconds to destroy the instance on "
                    u"the hypervisor.")
        != spawn);
}

TEST_CASE("miner: the same lines in the same order give the same ids and templates", "[timeline][templateminer]")
{
    QStringList lines;
    for (int i = 0; i < 3000; ++i) {
        switch (i % 6) {
        case 0:
            lines.append(QStringLiteral("Starting job job-%1 run %2").arg(i % 7).arg(i));
            break;
        case 1:
            lines.append(QStringLiteral("user%1 logged in from host-%2").arg(i % 13).arg(i % 5));
            break;
        case 2:
            lines.append(QStringLiteral("charge failed: %1")
                             .arg(i % 4 ? QStringLiteral("card declined") : QStringLiteral("insufficient funds")));
            break;
        case 3:
            lines.append(QStringLiteral("worker %1 state %2")
                             .arg(i % 3)
                             .arg(i % 2 ? QStringLiteral("idle") : QStringLiteral("busy")));
            break;
        default:
            lines.append(QStringLiteral("GET /api/items/%1 200 %2ms").arg(i).arg(i % 50));
            break;
        }
    }
    TemplateMiner a;
    TemplateMiner b;
    const std::vector<std::size_t> first = addAll(a, lines);
    const std::vector<std::size_t> second = addAll(b, lines);
    CHECK(first == second);
    REQUIRE(a.size() == b.size());
    for (std::size_t id = 0; id < a.size(); ++id) {
        CHECK(a.templateText(id) == b.templateText(id));
        CHECK(a.count(id) == b.count(id));
    }
    // Ids are dense and given in order of first appearance; each line's id stays its cluster's.
    std::size_t next = 0;
    for (const std::size_t id : first) {
        CHECK(id <= next);
        next = std::max(next, id + 1);
    }
    CHECK(next == a.size());
    std::size_t total = 0;
    for (std::size_t id = 0; id < a.size(); ++id)
        total += a.count(id);
    CHECK(total == std::size_t(lines.size()));
}

TEST_CASE("miner: parameters are the values at a template's <*>", "[timeline][templateminer]")
{
    CHECK(templateParameters(u"Starting job <*> run <*>", u"Starting job reconcile-acme run 539")
        == QStringList{QStringLiteral("reconcile-acme"), QStringLiteral("539")});
    CHECK(templateParameters(u"PacketResponder <*> for block blk_<*> terminating",
              u"PacketResponder 0 for block blk_-6952295868487656571 terminating")
        == QStringList{QStringLiteral("0"), QStringLiteral("-6952295868487656571")});
    // A quoted value with spaces was one token when masked.
    CHECK(templateParameters(
              u"acquire lock=<*>, tag=\"<*>\", uid=<*>", u"acquire lock=233570404, tag=\"View Lock\", uid=10037")
        == QStringList{QStringLiteral("233570404"), QStringLiteral("View Lock"), QStringLiteral("10037")});
    CHECK(templateParameters(u"Retrying <*> (attempt <*>)", u"Retrying  load (attempt 3)\nTraceback")
        == QStringList{QStringLiteral("load"), QStringLiteral("3")});
    // A message that does not fit, and a template without parameters, give none.
    CHECK(templateParameters(u"Starting job <*> run <*>", u"Stopping job a run 1").isEmpty());
    CHECK(templateParameters(u"Heartbeat", u"Heartbeat").isEmpty());
    // Regular-expression characters in the template are literal.
    CHECK(templateParameters(u"a.b (x) [<*>]", u"a.b (x) [7]") == QStringList{QStringLiteral("7")});
    CHECK(templateParameters(u"a.b (x) [<*>]", u"aXb (x) [7]").isEmpty());
    // The miner's own templates give back what varied.
    TemplateMiner miner;
    miner.add(u"Deployed etl-post-funding:41 (build 4be1c1d) to production");
    const std::size_t id = miner.add(u"Deployed etl-post-funding:42 (build 8e1d5f3) to production");
    CHECK(templateParameters(miner.templateText(id), u"Deployed etl-post-funding:42 (build 8e1d5f3) to production")
        == QStringList{QStringLiteral("42"), QStringLiteral("8e1d5f3")});
}
