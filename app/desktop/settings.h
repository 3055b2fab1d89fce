#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QWidget;

namespace aftermath::desktop::settings {

// What the app remembers between runs, in one place: every QSettings key it uses, and the helpers
// that read and write the choices made in more than one place. The Settings dialog
// (settingsdialog.h) edits the display zone, the default template and the rules folder.

inline const QString displayZoneKey = QStringLiteral("view/timeZone"); // an IANA id, systemZoneChoice, or none
// The display zone's value for this computer's zone (none: each incident's own zone).
inline const QByteArray systemZoneChoice = QByteArrayLiteral("system");
inline const QString importZoneKey = QStringLiteral("import/timeZone");
inline const QString importDirectoryKey = QStringLiteral("import/lastDirectory");
inline const QString rulesFolderKey = QStringLiteral("import/rulesFolder");
inline const QString exportDirectoryKey = QStringLiteral("export/lastDirectory");
inline const QString exportFormatKey = QStringLiteral("export/format"); // "markdown" or "html"
inline const QString exportChartKey = QStringLiteral("export/chart");
inline const QString templateKey = QStringLiteral("postmortem/template");
inline const QString previewShownKey = QStringLiteral("postmortem/previewShown");
inline const QString recentStoresKey = QStringLiteral("recentStores");
inline const QString windowGeometryKey = QStringLiteral("window/geometry");
inline const QString windowStateKey = QStringLiteral("window/state");
inline const QString currentTabKey = QStringLiteral("window/tab");

// The template the preview shows and the export dialog offers first: the one last chosen in
// either, or in Settings; report::defaultTemplateName until then. A name, or a user template's path.
QString defaultTemplate();
void setDefaultTemplate(const QString& name);

// The folder of classification rules files (docs/rules.md) the app's imports use; empty: the
// user's own rules file when it exists, as aftermath-cli does.
QString rulesFolder();
void setRulesFolder(const QString& folder);
// The rules files an import reads: the *.json files of rulesFolder(), by name; empty when no folder
// is set (the import then reads the user's rules file). A folder that is set but gone or empty
// gives no files, and rulesFolderProblem() says why.
QStringList ruleFiles();
QString rulesFolderProblem(const QString& folder);

// The layout a user arranged under `root`: the sizes of every named QSplitter and the column
// widths of every named table or tree view, under "layout/<object name>". restoreLayout() applies
// what was saved (columns only where the count still matches; stretched columns keep stretching).
void saveLayout(const QWidget* root);
void restoreLayout(QWidget* root);

} // namespace aftermath::desktop::settings
