#include "echoview.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace {

// QTextBlock::userState() of a block that continues the line before it (no '\n' between them).
constexpr int continuedLine = 1;
constexpr int newLine = 0;

// How many characters of `text` to take so that at most `limit` are taken and no surrogate pair
// is split.
qsizetype takeAtMost(QStringView text, qsizetype limit)
{
    if (text.size() <= limit)
        return text.size();
    return text.at(limit - 1).isHighSurrogate() ? limit - 1 : limit;
}

} // namespace

EchoView::EchoView(QWidget *parent)
    : QWidget(parent)
{
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("echoText"));
    // The text edit is what takes focus, so it is what a screen reader announces.
    m_text->setAccessibleName(tr("Received text"));
    m_text->setReadOnly(true);
    // A read-only view needs no undo history, which would otherwise keep every byte ever shown.
    m_text->setUndoRedoEnabled(false);
    m_text->setMaximumBlockCount(maximumBlocks);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    setFocusProxy(m_text);

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &EchoView::flush);
}

void EchoView::appendBytes(const QByteArray &bytes)
{
    m_pending += m_decoder.decode(bytes);
    // Text that would be trimmed right after being shown need not wait in memory either.
    qsizetype excess = m_pending.size() - m_maximumCharacters;
    if (excess > 0) {
        if (m_pending.at(excess).isLowSurrogate())
            ++excess;
        m_pending.remove(0, excess);
        m_skippedCharacters += excess;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

QString EchoView::plainText() const
{
    QString text;
    const QTextDocument *document = m_text->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        if (block != document->begin() && block.userState() != continuedLine)
            text += u'\n';
        text += block.text();
    }
    return text;
}

void EchoView::clear()
{
    m_flushTimer.stop();
    m_pending.clear();
    m_skippedCharacters = 0;
    m_text->clear();
}

void EchoView::startNewStream()
{
    clear();
    m_decoder.reset();
}

void EchoView::setMaximumCharacters(qsizetype count)
{
    m_maximumCharacters = qMax<qsizetype>(count, 1);
    trimToBound();
}

void EchoView::flush()
{
    QScrollBar *scrollBar = m_text->verticalScrollBar();
    // Follow new text only when the user is not scrolled up reading older text.
    const bool followTail = scrollBar->value() == scrollBar->maximum();

    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    if (m_skippedCharacters > 0) {
        if (!cursor.block().text().isEmpty())
            insert(cursor, u"\n");
        insert(cursor,
            tr("[… text not shown: it arrived faster than it can be displayed (characters "
               "skipped: %L1) …]\n")
                .arg(m_skippedCharacters));
        m_skippedCharacters = 0;
    }
    const qsizetype count = takeAtMost(m_pending, charactersPerFlush);
    insert(cursor, QStringView(m_pending).first(count));
    m_pending.remove(0, count);
    cursor.endEditBlock();
    trimToBound();

    if (followTail)
        scrollBar->setValue(scrollBar->maximum());
    if (!m_pending.isEmpty())
        m_flushTimer.start();
}

void EchoView::insert(QTextCursor &cursor, QStringView text)
{
    while (!text.isEmpty()) {
        const qsizetype lineBreak = text.indexOf(u'\n');
        QStringView line = lineBreak < 0 ? text : text.first(lineBreak);
        while (!line.isEmpty()) {
            const qsizetype room = maximumBlockLength - cursor.block().text().size();
            const qsizetype count = room > 0 ? takeAtMost(line, room) : 0;
            if (count == 0) {
                cursor.insertBlock();
                cursor.block().setUserState(continuedLine);
                continue;
            }
            cursor.insertText(line.first(count).toString());
            line = line.sliced(count);
        }
        if (lineBreak < 0)
            break;
        cursor.insertBlock();
        cursor.block().setUserState(newLine);
        text = text.sliced(lineBreak + 1);
    }
}

void EchoView::trimToBound()
{
    QTextDocument *document = m_text->document();
    const qsizetype length = document->characterCount() - 1; // minus the final paragraph end
    if (length <= m_maximumCharacters)
        return;
    // Cut a quarter more than needed, so cutting (which moves the whole document) is rare.
    qsizetype cut = qMin(length, length - m_maximumCharacters + m_maximumCharacters / 4);
    if (document->characterAt(int(cut)).isLowSurrogate())
        ++cut;
    QTextCursor cursor(document);
    cursor.setPosition(int(cut), QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
}
