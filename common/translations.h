#pragma once

#include <QtGlobal>

// The user's language, chosen from the system locale (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG):
// our own strings from the translations built into the executable, and Qt's (the dialogs'
// buttons, QCommandLineParser's --help lines) from Qt's translations when they are installed.
// Needs the application object, which keeps the translators. Returns whether ours was found
// for that language (English needs none).
bool installTranslators();

// The count tr() chooses a plural form by, for counts past an int (bytes). English needs no
// plural forms: its source strings say "1 byte" and "%1 bytes" apart, and the plural one goes
// through tr() with the count so that a language whose 0 is singular (French) reads right.
// The last six digits and the magnitude are all any language's plural rules look at.
constexpr int pluralCount(qint64 count)
{
    return count <= 1000000 ? int(count) : int(count % 1000000) + 1000000;
}
