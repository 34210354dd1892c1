#pragma once

#include <QString>

// How a count's digits are written: grouped as the user's language groups them ("1,234"), or
// plain ("1234", as the headless console has always written them, for scripts that read it).
enum class DigitGrouping { Grouped, Plain };

// A number of bytes as both programs write it in a sentence: "1 byte", "1,234 bytes", the plural
// chosen as the user's language chooses it.
QString formatByteCount(qint64 bytes, DigitGrouping grouping = DigitGrouping::Grouped);
