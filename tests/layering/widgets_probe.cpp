// Must not compile: core libraries have no Qt Widgets on their include path.
#include <QWidget>

int probe() { return sizeof(QWidget); }
