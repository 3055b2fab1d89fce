#pragma once

#include <QString>
#include <QStringList>

namespace aftermath::model {

// Where Aftermath finds the data it ships (templates/, rules/default-rules.json, examples/), most
// important first, each an existing folder:
//  1. <prefix>/share/aftermath, <prefix> being the folder above the running program's: an installed
//     /usr/bin/aftermath-cli reads /usr/share/aftermath, an unpacked or relocated one its own copy;
//  2. aftermath/ in each system data folder ($XDG_DATA_DIRS, by default /usr/local/share and
//     /usr/share), where an administrator may add templates;
//  3. ":/aftermath", the copy compiled into the program, so that one run from its build tree works.
// The user's own folders (report::userTemplateDir(), ingest::Classifier::userRulesPath()) are not
// among them: templates and rules put them above all of these.
QStringList dataDirs();

// The path of `relativePath` (a file or folder, such as "rules/default-rules.json") in the first of
// dataDirs() that holds it; empty when none does.
QString locateData(const QString& relativePath);

} // namespace aftermath::model
