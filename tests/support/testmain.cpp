// The one Catch2 main: creates the Qt application object the code under test expects.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#ifdef AFTERMATH_TEST_GUI
#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
using TestApplication = QApplication;

namespace {

// The app remembers choices and layout (app/desktop/settings.h): each test case starts from none,
// in a folder of its own, never the user's.
struct FreshSettings : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;
    void testCaseStarting(const Catch::TestCaseInfo&) override { QSettings().clear(); }
};
CATCH_REGISTER_LISTENER(FreshSettings)

} // namespace
#else
#include <QCoreApplication>
using TestApplication = QCoreApplication;
#endif

int main(int argc, char** argv)
{
#ifdef AFTERMATH_TEST_GUI
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
#endif
    TestApplication app(argc, argv);
    TestApplication::setApplicationName(QStringLiteral("aftermath-tests"));
#ifdef AFTERMATH_TEST_GUI
    const QTemporaryDir settingsDir;
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
#endif
    return Catch::Session().run(argc, argv);
}
