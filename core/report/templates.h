#pragma once

#include "model/error.h"

#include <QString>

#include <vector>

namespace aftermath::report {

// A postmortem template: Markdown with mustache tags (docs/templates.md).
struct Template {
    QString name; // "default", or the file's name without .md
    QString location; // the file's path: "/usr/share/aftermath/templates/default.md", ":/aftermath/templates/..."
    bool builtIn = false; // shipped with Aftermath (model::dataDirs()), not the user's
    QString text;
};

// Where users keep their own templates, NAME.md each: <user data dir>/aftermath/templates
// (~/.local/share/aftermath/templates on Linux), beside the default store, so the desktop app and
// the CLI find the same ones.
QString userTemplateDir();

// The templates there are to choose from, built in ones first, each without its text: those in
// templates/ of model::dataDirs() (a more important folder's replacing a less important one's of the
// same name), then the user's. A user template with a built-in name replaces the built-in one.
std::vector<Template> availableTemplates(const QString& userDir = userTemplateDir());

// The template `nameOrPath` names: a path when it contains a slash or ends in .md, else a name
// looked up in `userDir`, then among the built-in ones. An unknown name is an error that lists
// the available names.
Result<Template> findTemplate(const QString& nameOrPath, const QString& userDir = userTemplateDir());

// The name of the template used when none is chosen.
inline const QString defaultTemplateName = QStringLiteral("default");

} // namespace aftermath::report
