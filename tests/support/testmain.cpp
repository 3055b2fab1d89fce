// The one Catch2 main: creates the Qt application object the code under test expects.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#ifdef AFTERMATH_TEST_GUI
#include <QApplication>
using TestApplication = QApplication;
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
    return Catch::Session().run(argc, argv);
}
