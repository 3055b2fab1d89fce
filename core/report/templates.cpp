#include "templates.h"

#include "model/datadirs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringList>

#include <algorithm>

namespace aftermath::report {

namespace {

constexpr qint64 maxTemplateBytes = 1 << 20;

bool looksLikePath(const QString& nameOrPath)
{
    return nameOrPath.contains(u'/') || nameOrPath.contains(u'\\')
        || nameOrPath.endsWith(QStringLiteral(".md"), Qt::CaseInsensitive);
}

std::vector<Template> templatesIn(const QString& dir, bool builtIn)
{
    std::vector<Template> found;
    if (dir.isEmpty())
        return found;
    const QFileInfoList files
        = QDir(dir).entryInfoList({QStringLiteral("*.md")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo& file : files) {
        if (file.fileName() == u"README.md")
            continue;
        found.push_back({file.completeBaseName(), file.filePath(), builtIn, {}});
    }
    return found;
}

Result<Template> load(Template found)
{
    QFile file(found.location);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::Io,
            QStringLiteral("cannot read this template: %1; check that it exists and that you may read it")
                .arg(file.errorString()),
            found.location);
    if (file.size() > maxTemplateBytes)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("this template is larger than 1 MiB; is it the right file?"), found.location);
    found.text = QString::fromUtf8(file.readAll());
    return found;
}

} // namespace

QString userTemplateDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/aftermath/templates");
}

std::vector<Template> availableTemplates(const QString& userDir)
{
    // The least important folder first (the compiled-in copy), each later one replacing templates
    // of the same name, the user's last.
    std::vector<Template> all;
    const auto add = [&all](std::vector<Template> found) {
        for (Template& t : found) {
            const auto same = std::ranges::find(all, t.name, &Template::name);
            if (same != all.end())
                *same = std::move(t);
            else
                all.push_back(std::move(t));
        }
    };
    const QStringList dataDirs = model::dataDirs();
    for (auto dir = dataDirs.crbegin(); dir != dataDirs.crend(); ++dir)
        add(templatesIn(*dir + QStringLiteral("/templates"), true));
    add(templatesIn(userDir, false));
    return all;
}

Result<Template> findTemplate(const QString& nameOrPath, const QString& userDir)
{
    if (looksLikePath(nameOrPath)) {
        const QFileInfo file(nameOrPath);
        if (!file.isFile())
            return fail(Error::Code::NotFound,
                QStringLiteral("there is no template file here; give the path of a Markdown template or the name of "
                               "one of the available templates"),
                nameOrPath);
        return load({file.completeBaseName(), file.filePath(), false, {}});
    }
    const std::vector<Template> all = availableTemplates(userDir);
    const auto found = std::ranges::find(all, nameOrPath, &Template::name);
    if (found != all.end())
        return load(*found);

    QStringList builtIn;
    QStringList user;
    for (const Template& t : all)
        (t.builtIn ? builtIn : user) << t.name;
    QString available = builtIn.join(QStringLiteral(", ")) + QStringLiteral(" (built in)");
    if (!user.isEmpty())
        available += QStringLiteral("; %1 (in %2)").arg(user.join(QStringLiteral(", ")), userDir);
    return fail(Error::Code::NotFound,
        QStringLiteral("there is no template named \"%1\"; the available templates are %2. Add your own as NAME.md "
                       "in %3, or give the path of a .md file")
            .arg(nameOrPath, available, userDir));
}

} // namespace aftermath::report
