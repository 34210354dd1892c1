#pragma once

#include <QPlainTextEdit>
#include <QStringList>
#include <QTimer>

#include <chrono>

// A read-only, timestamped log that can take a flood of lines: each line is stamped when it is
// added but shown with the others at the next flush (at most ~30 a second), and only the newest
// maximumLines are kept, so neither the event rate nor the run time can freeze the window or
// grow its memory.
class LogView final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    static constexpr int defaultMaximumLines = 10000;
    static constexpr std::chrono::milliseconds flushInterval { 33 };

    explicit LogView(QWidget *parent = nullptr);

    void appendLine(const QString &text);

    int maximumLines() const { return m_maximumLines; }
    void setMaximumLines(int lines);

private:
    void flushPending();

    QStringList m_pending;
    QTimer m_flushTimer;
    int m_maximumLines = defaultMaximumLines;
};
