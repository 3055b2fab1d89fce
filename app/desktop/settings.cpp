#include "settings.h"

#include "report/templates.h"

#include <QAbstractItemView>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>

namespace aftermath::desktop::settings {

namespace {

const QString layoutGroup = QStringLiteral("layout/");

QHeaderView* columnsOf(QAbstractItemView* view)
{
    if (auto* table = qobject_cast<QTableView*>(view))
        return table->horizontalHeader();
    if (auto* tree = qobject_cast<QTreeView*>(view))
        return tree->header();
    return nullptr;
}

} // namespace

QString defaultTemplate()
{
    const QString name = QSettings().value(templateKey).toString();
    return name.isEmpty() ? report::defaultTemplateName : name;
}

void setDefaultTemplate(const QString& name) { QSettings().setValue(templateKey, name); }

QString rulesFolder() { return QSettings().value(rulesFolderKey).toString(); }

void setRulesFolder(const QString& folder)
{
    if (folder.trimmed().isEmpty())
        QSettings().remove(rulesFolderKey);
    else
        QSettings().setValue(rulesFolderKey, QDir::cleanPath(folder.trimmed()));
}

QStringList ruleFiles()
{
    const QString folder = rulesFolder();
    if (folder.isEmpty())
        return {};
    QStringList files;
    for (const QFileInfo& file : QDir(folder).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files << file.absoluteFilePath();
    return files;
}

QString rulesFolderProblem(const QString& folder)
{
    if (folder.trimmed().isEmpty())
        return {};
    const QFileInfo info(folder.trimmed());
    if (!info.exists())
        return QObject::tr("%1 does not exist").arg(QDir::toNativeSeparators(info.filePath()));
    if (!info.isDir())
        return QObject::tr("%1 is not a folder").arg(QDir::toNativeSeparators(info.filePath()));
    if (QDir(info.filePath()).entryList({QStringLiteral("*.json")}, QDir::Files).isEmpty())
        return QObject::tr("%1 holds no rules files (*.json)").arg(QDir::toNativeSeparators(info.filePath()));
    return {};
}

void saveLayout(const QWidget* root)
{
    QSettings settings;
    for (const QSplitter* splitter : root->findChildren<QSplitter*>()) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(layoutGroup + splitter->objectName(), splitter->saveState());
    }
    for (QAbstractItemView* view : root->findChildren<QAbstractItemView*>()) {
        const QHeaderView* columns = columnsOf(view);
        if (view->objectName().isEmpty() || !columns || columns->count() == 0)
            continue;
        QVariantList widths;
        for (int i = 0; i < columns->count(); ++i)
            widths << columns->sectionSize(i);
        settings.setValue(layoutGroup + view->objectName(), widths);
    }
}

void restoreLayout(QWidget* root)
{
    const QSettings settings;
    for (QSplitter* splitter : root->findChildren<QSplitter*>()) {
        const QVariant state = settings.value(layoutGroup + splitter->objectName());
        if (!splitter->objectName().isEmpty() && state.isValid())
            splitter->restoreState(state.toByteArray());
    }
    for (QAbstractItemView* view : root->findChildren<QAbstractItemView*>()) {
        QHeaderView* columns = columnsOf(view);
        if (view->objectName().isEmpty() || !columns)
            continue;
        const QVariantList widths = settings.value(layoutGroup + view->objectName()).toList();
        if (widths.size() != columns->count())
            continue; // a different version's columns
        for (int i = 0; i < columns->count(); ++i) {
            const int width = widths[i].toInt();
            const bool stretched = columns->sectionResizeMode(i) != QHeaderView::Interactive
                || (columns->stretchLastSection() && i == columns->count() - 1);
            if (width > 0 && !stretched)
                columns->resizeSection(i, std::max(width, columns->minimumSectionSize()));
        }
    }
}

} // namespace aftermath::desktop::settings
