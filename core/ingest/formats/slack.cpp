#include "ingest/families.h"
#include "ingest/jsonutil.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>

#include <optional>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::EventKind;
using model::Level;

// "<channel>/2026-06-18.json": one channel's messages of one day (the exporting workspace's day).
const QRegularExpression& dayFileName()
{
    static const QRegularExpression pattern(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}\\.json$"));
    return pattern;
}

// The folder of the export inside the sample's entries: "" or, for a zip unpacked with its own
// top folder, "export-name/".
QString exportPrefix(const QStringList& entries)
{
    QString best;
    qsizetype bestDepth = 3;
    for (const QString& entry : entries) {
        if (entry == u"channels.json" || entry.endsWith(u"/channels.json")) {
            const qsizetype depth = entry.count(u'/');
            if (depth < bestDepth) {
                bestDepth = depth;
                best = entry.chopped(QStringLiteral("channels.json").size());
            }
        }
    }
    return best;
}

int scoreSlackExport(const Sample& sample)
{
    if (!sample.isFolder)
        return 0;
    QString prefix = exportPrefix(sample.folderEntries);
    // The export is the folder itself or its only top folder: a folder that also holds other
    // evidence is walked, and the export inside it found on the way.
    if (!prefix.isEmpty()
        && !std::ranges::all_of(sample.folderEntries, [&](const QString& entry) { return entry.startsWith(prefix); }))
        return 0;
    const bool channels = sample.folderEntries.contains(prefix + QStringLiteral("channels.json"));
    bool users = false;
    int dayFiles = 0;
    for (const QString& entry : sample.folderEntries) {
        if (!entry.startsWith(prefix))
            continue;
        const QString relative = entry.mid(prefix.size());
        const QStringList parts = relative.split(u'/');
        if (parts.size() == 2 && dayFileName().match(parts[1]).hasMatch())
            ++dayFiles;
        if (relative == u"users.json" || relative == u"groups.json" || relative == u"dms.json"
            || relative == u"mpims.json")
            users = true;
    }
    if (dayFiles == 0)
        return 0;
    if (channels)
        return 95;
    return users ? 85 : 40;
}

Result<QJsonDocument> readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::Io, QStringLiteral("cannot read the file (%1)").arg(file.errorString()), path);
    QByteArray content = file.readAll();
    if (content.startsWith("\xEF\xBB\xBF"))
        content.remove(0, 3);
    return json::parse(content, path);
}

// Names for user and bot ids, from users.json.
struct People {
    QHash<QString, QString> users;
    QHash<QString, QString> bots; // bot id -> name, for bot users that list their bot_id

    static QString nameOf(const QJsonObject& user)
    {
        const QJsonObject profile = user.value(u"profile").toObject();
        for (const QString& name : {profile.value(u"display_name").toString(), profile.value(u"real_name").toString(),
                 user.value(u"real_name").toString(), user.value(u"name").toString()}) {
            if (!name.trimmed().isEmpty())
                return name.trimmed();
        }
        return {};
    }

    void read(const QJsonArray& list)
    {
        for (const QJsonValue& value : list) {
            const QJsonObject user = value.toObject();
            const QString name = nameOf(user);
            if (name.isEmpty())
                continue;
            users.insert(user.value(u"id").toString(), name);
            const QString botId = user.value(u"profile").toObject().value(u"bot_id").toString();
            if (!botId.isEmpty())
                bots.insert(botId, name);
        }
    }

    QString user(const QString& id) const { return users.value(id, id); }
};

// Slack's markup made readable: <@U123> -> @name, <#C1|general> -> #general, <url|label> -> label,
// and the three escaped characters back.
QString plainText(const QString& text, const People& people)
{
    static const QRegularExpression markup(QStringLiteral("<([@#!]?)([^>|]*)(?:\\|([^>]*))?>"));
    QString out;
    qsizetype last = 0;
    for (auto it = markup.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).sliced(last, match.capturedStart() - last);
        const QString sigil = match.captured(1);
        const QString target = match.captured(2);
        const QString label = match.captured(3);
        if (sigil == u"@")
            out += u'@' + (label.isEmpty() ? people.user(target) : label);
        else if (sigil == u"#")
            out += u'#' + (label.isEmpty() ? target : label);
        else if (sigil == u"!")
            out += u'@' + (label.isEmpty() ? target.section(u'^', 0, 0) : label);
        else
            out += label.isEmpty() ? target : label;
        last = match.capturedEnd();
    }
    out += QStringView(text).sliced(last);
    out.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    out.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    out.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return out;
}

bool isJoinOrLeave(const QString& subtype)
{
    return subtype == u"channel_join" || subtype == u"channel_leave" || subtype == u"group_join"
        || subtype == u"group_leave";
}

bool isBotMessage(const QJsonObject& message)
{
    const QString subtype = message.value(u"subtype").toString();
    if (subtype == u"bot_message" || message.value(u"bot_profile").isObject())
        return true;
    // bot_add/bot_remove carry the bot's id but are a person's action.
    return !message.value(u"bot_id").toString().isEmpty() && subtype != u"bot_add" && subtype != u"bot_remove";
}

QString botName(const QJsonObject& message, const People& people)
{
    const QString botId = message.value(u"bot_id").toString();
    for (const QString& name : {message.value(u"username").toString(),
             message.value(u"bot_profile").toObject().value(u"name").toString(), people.bots.value(botId)}) {
        if (!name.isEmpty())
            return name;
    }
    const QString user = message.value(u"user").toString();
    return !user.isEmpty() ? people.user(user) : botId;
}

QString personName(const QJsonObject& message, const People& people)
{
    const QString id = message.value(u"user").toString();
    if (people.users.contains(id))
        return people.users.value(id);
    // Newer exports carry the author's profile in the message itself.
    const QString embedded = People::nameOf(message.value(u"user_profile").toObject());
    return !embedded.isEmpty() ? embedded : id;
}

// Bots often post an empty text and put the content in attachments.
QString messageText(const QJsonObject& message)
{
    const QString text = message.value(u"text").toString();
    if (!text.trimmed().isEmpty())
        return text;
    QStringList parts;
    for (const QJsonValue& value : message.value(u"attachments").toArray()) {
        const QJsonObject attachment = value.toObject();
        QString part = attachment.value(u"fallback").toString();
        if (part.isEmpty())
            part = QStringList{attachment.value(u"pretext").toString(), attachment.value(u"title").toString(),
                attachment.value(u"text").toString()}
                       .filter(QRegularExpression(QStringLiteral("\\S")))
                       .join(u'\n');
        if (!part.isEmpty())
            parts << part;
    }
    return parts.join(u'\n');
}

// A bot's post about a job ("etl-post-funding started for NHS E (...)", ":white_check_mark: nightly-load
// completed for ACME", "backup failed") is the job's start or end, for the job and tenant it names;
// the timeline links it to the job's other evidence. Other bot posts stay alerts.
void readJobPost(Event& event)
{
    static const QRegularExpression post(
        QStringLiteral("^(?::[\\w+-]+:\\s*)*(?<job>[A-Za-z][\\w.:/-]*)\\s+(?:run\\s+|job\\s+)?"
                       "(?<verb>started|starting|is running|completed|finished|succeeded|failed|errored|timed out)\\b"
                       "(?:\\s+for\\s+(?:tenant\\s+)?(?<tenant>[A-Z0-9][\\w-]*(?: [A-Z0-9][\\w-]*)?))?"));
    const QRegularExpressionMatch match = post.match(event.message);
    if (!match.hasMatch())
        return;
    const QString verb = match.captured(u"verb");
    event.service = match.captured(u"job");
    event.runId = match.captured(u"tenant");
    if (verb == u"started" || verb == u"starting" || verb == u"is running") {
        event.kind = EventKind::JobStart;
        return;
    }
    event.kind = EventKind::JobEnd;
    const bool failed = verb == u"failed" || verb == u"errored" || verb == u"timed out";
    event.outcome = failed ? QStringLiteral("failed") : QStringLiteral("succeeded");
    event.level = failed ? Level::Error : Level::Info;
}

Result<void> parseSlackExport(const QString& folder, const ParseContext& /*context*/, EventSink& sink)
{
    QDir root(folder);
    if (!root.exists())
        return fail(Error::Code::NotFound, QStringLiteral("the folder does not exist"), folder);
    // An archive unpacked with its own top folder holds the export one level down.
    if (!root.exists(QStringLiteral("channels.json"))) {
        const QStringList subfolders = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        if (subfolders.size() == 1 && QDir(root.filePath(subfolders.first())).exists(QStringLiteral("channels.json")))
            root.cd(subfolders.first());
    }

    People people;
    if (root.exists(QStringLiteral("users.json"))) {
        const auto users = readJson(root.filePath(QStringLiteral("users.json")));
        if (!users)
            return std::unexpected(users.error());
        people.read(users->array());
    }

    // Every channel folder's day files, by channel then day.
    std::vector<std::pair<QString, QString>> dayFiles;
    for (const QString& channel : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QDir channelDir(root.filePath(channel));
        for (const QString& day : channelDir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            if (dayFileName().match(day).hasMatch())
                dayFiles.emplace_back(channel, day);
        }
    }
    if (dayFiles.empty() && !root.exists(QStringLiteral("channels.json")))
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("this is not a Slack export: expected channels.json, users.json and "
                           "<channel>/<YYYY-MM-DD>.json day files (unzip the export and pick its folder)"),
            folder);

    for (const auto& [channel, day] : dayFiles) {
        const QString relative = channel + u'/' + day;
        const QString path = root.filePath(relative);
        const auto document = readJson(path);
        if (!document)
            return std::unexpected(document.error());
        if (!document->isArray())
            return fail(Error::Code::InvalidArgument,
                QStringLiteral("a Slack day file should be a JSON array of messages; this one is not"), path);
        const QJsonArray messages = document->array();
        for (qsizetype i = 0; i < messages.size(); ++i) {
            const QString locator = QStringLiteral("%1/%2").arg(relative).arg(i);
            const QJsonObject message = messages.at(i).toObject();
            const QString subtype = message.value(u"subtype").toString();
            if (!messages.at(i).isObject()) {
                sink.skip(0, QStringLiteral("%1: not a message object").arg(locator));
                continue;
            }
            if (isJoinOrLeave(subtype)) {
                sink.skip(0, QStringLiteral("%1: %2 notice, not a message").arg(locator, subtype));
                continue;
            }
            // The day file is the exporting workspace's local day; ts is the real time.
            const auto time = json::epochTime(message.value(u"ts"));
            if (!time) {
                sink.skip(0, QStringLiteral("%1: no time in this record").arg(locator));
                continue;
            }
            Event event;
            event.timeUs = *time;
            event.timeQuality = model::TimeQuality::Explicit;
            event.line = 0;
            event.locator = locator;
            event.service = u'#' + channel;
            const bool bot = isBotMessage(message);
            event.kind = bot ? EventKind::Alert : EventKind::Chat;
            event.actor = bot ? botName(message, people) : personName(message, people);
            const QString text = messageText(message);
            event.message = plainText(text, people);
            if (event.message != text)
                event.raw = text;
            event.level = Level::Unknown;
            if (bot)
                readJobPost(event);
            sink.add(std::move(event));
        }
    }
    return {};
}

} // namespace

std::vector<Format> slackFormats()
{
    Format slack;
    slack.name = QStringLiteral("slack-export");
    slack.summary = QStringLiteral("Slack workspace export (unzipped folder): channels.json, users.json and "
                                   "<channel>/<day>.json message files");
    slack.score = scoreSlackExport;
    slack.parseFolder = parseSlackExport;
    return {slack};
}

} // namespace aftermath::ingest
