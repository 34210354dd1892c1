#pragma once

#include <QString>

// What Help → About says for either program (rich text): its name and version, the licence,
// the Qt it was built with and runs on, and where the project lives. One text for both windows.
QString aboutText(const QString &programName);
