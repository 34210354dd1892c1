#include "echoview.h"

#include "contrast.h"

#include <QEvent>
#include <QFile>
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
    updateMarkFormat();

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &EchoView::flush);
}

void EchoView::appendBytes(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_history.append(bytes);
    // Trimmed a quarter at a time, so trimming (which moves what is kept) is rare.
    if (m_history.size() > keptBytes + keptBytes / 4)
        m_history.remove(0, m_history.size() - keptBytes);
    queueForDisplay(bytes, m_streamOffset);
    m_streamOffset += bytes.size();
}

void EchoView::queueForDisplay(const QByteArray &bytes, qint64 streamOffset)
{
    if (m_mode == Mode::Hex) {
        if (m_pendingBytes.isEmpty())
            m_pendingBytesOffset = streamOffset;
        m_pendingBytes.append(bytes);
        // Rows that would scroll out of the view right after being shown need not wait either.
        const qsizetype excess =
            m_pendingBytes.size() - qsizetype(maximumBlocks - 2) * hexBytesPerRow;
        if (excess > 0) {
            m_pendingBytes.remove(0, excess);
            m_pendingBytesOffset += excess;
            m_skippedBytes += excess;
        }
    } else {
        const qint64 mark = m_markOffset - streamOffset;
        if (mark >= 0 && mark < bytes.size()) {
            const QByteArrayView view(bytes);
            m_pending += m_decoder.decode(view.first(mark));
            qsizetype markLength = 0;
            const QString rest = m_decoder.decode(view.sliced(mark), &markLength);
            if (markLength > 0) {
                m_pendingMark = m_pending.size();
                m_pendingMarkLength = markLength;
            }
            m_pending += rest;
        } else {
            m_pending += m_decoder.decode(bytes);
        }
        // Text that would be trimmed right after being shown need not wait in memory either.
        qsizetype excess = m_pending.size() - m_maximumCharacters;
        if (excess > 0) {
            if (m_pending.at(excess).isLowSurrogate())
                ++excess;
            m_pending.remove(0, excess);
            m_skippedCharacters += excess;
            if (m_pendingMark >= 0)
                m_pendingMark = m_pendingMark >= excess ? m_pendingMark - excess : -1;
        }
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

QString EchoView::selectedOrAllText() const
{
    const QTextCursor cursor = m_text->textCursor();
    if (!cursor.hasSelection())
        return plainText();
    // QTextCursor separates paragraphs with U+2029; a clipboard wants line breaks.
    return cursor.selectedText().replace(QChar::ParagraphSeparator, u'\n');
}

void EchoView::clear()
{
    dropShown();
    m_history.clear();
}

void EchoView::dropShown()
{
    m_flushTimer.stop();
    m_pending.clear();
    m_pendingMark = -1;
    m_skippedCharacters = 0;
    m_pendingBytes.clear();
    m_hexRow.clear();
    m_skippedBytes = 0;
    m_text->clear();
}

void EchoView::startNewStream()
{
    clear();
    m_decoder.reset();
    m_streamOffset = 0;
    m_markOffset = -1;
    m_markedText.clear();
}

void EchoView::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    m_mode = mode;
    // A hex row is only readable whole: scroll sideways rather than break it.
    m_text->setLineWrapMode(
        mode == Mode::Hex ? QPlainTextEdit::NoWrap : QPlainTextEdit::WidgetWidth);
    rebuild();
}

void EchoView::markByte(qint64 offset)
{
    m_markOffset = offset;
    m_markedText.clear();
    // A byte already shown is marked by showing the kept bytes again.
    if (offset < m_streamOffset)
        rebuild();
}

QString EchoView::markedText() const
{
    return m_markedText;
}

bool EchoView::saveBytes(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(m_history) != m_history.size() || !file.flush()) {
        if (error)
            *error = tr("Cannot save to %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void EchoView::setMaximumCharacters(qsizetype count)
{
    m_maximumCharacters = qMax<qsizetype>(count, 1);
    trimToBound();
}

void EchoView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateMarkFormat();
    QWidget::changeEvent(event);
}

void EchoView::rebuild()
{
    const QByteArray kept = m_history;
    const qint64 streamOffset = m_streamOffset - kept.size();
    dropShown();
    m_markedText.clear();
    m_decoder.reset();
    queueForDisplay(kept, streamOffset);
}

void EchoView::updateMarkFormat()
{
    // The selection colours of the current palette, so the mark stays readable on a dark one
    // (its text contrasted against the selection where the palette pairs them badly); bold and
    // underlined too, so it does not rely on colour alone.
    m_markFormat = QTextCharFormat();
    const QColor background = palette().color(QPalette::Highlight);
    m_markFormat.setBackground(background);
    m_markFormat.setForeground(readableOn(background, palette().color(QPalette::HighlightedText)));
    m_markFormat.setFontWeight(QFont::Bold);
    m_markFormat.setFontUnderline(true);
}

void EchoView::flush()
{
    QScrollBar *scrollBar = m_text->verticalScrollBar();
    // Follow new text only when the user is not scrolled up reading older text.
    const bool followTail = scrollBar->value() == scrollBar->maximum();

    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    if (m_mode == Mode::Hex)
        flushHex(cursor);
    else
        flushText(cursor);
    cursor.endEditBlock();
    trimToBound();

    if (followTail)
        scrollBar->setValue(scrollBar->maximum());
    if (!m_pending.isEmpty() || !m_pendingBytes.isEmpty())
        m_flushTimer.start();
}

void EchoView::flushText(QTextCursor &cursor)
{
    if (m_skippedCharacters > 0) {
        if (!cursor.block().text().isEmpty())
            insert(cursor, u"\n");
        insert(cursor,
            tr("[… text not shown: it arrived faster than it can be displayed (characters "
               "skipped: %L1) …]\n")
                .arg(m_skippedCharacters));
        m_skippedCharacters = 0;
    }
    qsizetype count = takeAtMost(m_pending, charactersPerFlush);
    // The marked character goes whole into one flush, however it is shown ("⟨U+202E⟩").
    if (m_pendingMark >= 0 && m_pendingMark < count)
        count = qMin(m_pending.size(), qMax(count, m_pendingMark + m_pendingMarkLength));
    const QStringView chunk = QStringView(m_pending).first(count);
    if (m_pendingMark >= 0 && m_pendingMark < count) {
        const qsizetype mark = m_pendingMark;
        const qsizetype length = qMin(m_pendingMarkLength, count - mark);
        insert(cursor, chunk.first(mark));
        m_markedText = chunk.sliced(mark, length).toString();
        insert(cursor, chunk.sliced(mark, length), m_markFormat);
        insert(cursor, chunk.sliced(mark + length));
        m_pendingMark = -1;
    } else {
        insert(cursor, chunk);
    }
    m_pending.remove(0, count);
    if (m_pendingMark >= 0)
        m_pendingMark -= count;
}

void EchoView::flushHex(QTextCursor &cursor)
{
    if (m_skippedBytes > 0) {
        m_hexRow.clear();
        if (!cursor.block().text().isEmpty())
            cursor.insertBlock();
        insert(cursor,
            tr("[… bytes not shown: they arrived faster than they can be displayed (bytes "
               "skipped: %L1) …]\n")
                .arg(m_skippedBytes));
        m_skippedBytes = 0;
    }
    const qsizetype count = qMin(m_pendingBytes.size(), hexBytesPerFlush);
    qint64 offset = m_pendingBytesOffset;
    QByteArray bytes = m_pendingBytes.first(count);
    if (!m_hexRow.isEmpty()) {
        // The last row was shown part filled: it is written again with the new bytes.
        cursor.movePosition(QTextCursor::StartOfBlock, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        bytes.prepend(m_hexRow);
        offset = m_hexRowOffset;
        m_hexRow.clear();
    }
    m_pendingBytes.remove(0, count);
    m_pendingBytesOffset += count;
    for (qsizetype i = 0; i < bytes.size(); i += hexBytesPerRow) {
        const QByteArrayView row = QByteArrayView(bytes).sliced(i).first(
            qMin<qsizetype>(hexBytesPerRow, bytes.size() - i));
        // A break before each row rather than after, so the view does not end in an empty line.
        if (!cursor.block().text().isEmpty())
            cursor.insertBlock();
        writeHexRow(cursor, offset + i, row);
        if (row.size() < hexBytesPerRow) {
            m_hexRow = row.toByteArray();
            m_hexRowOffset = offset + i;
        }
    }
}

void EchoView::writeHexRow(QTextCursor &cursor, qint64 offset, QByteArrayView row)
{
    QString text = QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
    QString ascii;
    for (qsizetype i = 0; i < row.size(); ++i) {
        const auto byte = quint8(row.at(i));
        const QString pair = QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0'));
        if (offset + i == m_markOffset) {
            insert(cursor, text);
            text.clear();
            insert(cursor, pair, m_markFormat);
            m_markedText = pair;
        } else {
            text += pair;
        }
        text += i == hexBytesPerRow / 2 - 1 ? QStringLiteral("  ") : QStringLiteral(" ");
        ascii += byte >= 0x20 && byte < 0x7f ? QChar(char16_t(byte)) : QChar(u'.');
    }
    // Part-filled rows keep the ASCII column where full rows have it.
    for (qsizetype i = row.size(); i < hexBytesPerRow; ++i)
        text += i == hexBytesPerRow / 2 - 1 ? QStringLiteral("    ") : QStringLiteral("   ");
    insert(cursor, QString(text + QStringLiteral(" |") + ascii + u'|'));
}

void EchoView::insert(QTextCursor &cursor, QStringView text, const QTextCharFormat &format)
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
            // Always with a format: otherwise text after a mark would inherit the mark's.
            cursor.insertText(line.first(count).toString(), format);
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
    // Hex rows are bounded by the document's block count (maximumBlocks): the newest keptBytes.
    if (m_mode == Mode::Hex)
        return;
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
