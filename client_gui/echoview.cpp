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

#include <algorithm>

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
    if (m_datagrams) {
        m_datagramStarts.push_back(m_streamOffset);
        const qint64 firstKept = m_streamOffset + bytes.size() - m_history.size();
        while (qsizetype(m_datagramStarts.size()) > rememberedDatagrams ||
            (m_datagramStarts.size() > 1 && m_datagramStarts[1] <= firstKept)) {
            m_datagramStarts.pop_front();
            ++m_firstDatagram;
        }
    }
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
        // Cut where a datagram starts or a byte is marked: each piece gets its own format.
        QByteArrayView view(bytes);
        qint64 at = streamOffset;
        while (!view.isEmpty()) {
            qint64 cut = at + view.size();
            for (const qint64 mark : std::as_const(m_markOffsets)) {
                if (mark > at && mark < cut)
                    cut = mark;
            }
            const auto next =
                std::upper_bound(m_datagramStarts.begin(), m_datagramStarts.end(), at);
            if (next != m_datagramStarts.end() && *next < cut)
                cut = *next;
            const QByteArrayView piece = view.first(cut - at);
            const bool shaded = isShaded(at);
            if (isMarked(at)) {
                qsizetype markLength = 0;
                const QString text = m_decoder.decode(piece, &markLength);
                appendPiece(text.first(markLength), shaded, markLength > 0 ? at : -1);
                appendPiece(text.sliced(markLength), shaded);
            } else {
                appendPiece(m_decoder.decode(piece), shaded);
            }
            view = view.sliced(piece.size());
            at = cut;
        }
        // Text that would be trimmed right after being shown need not wait in memory either.
        qsizetype excess = m_pending.size() - m_maximumCharacters;
        if (excess > 0) {
            if (m_pending.at(excess).isLowSurrogate())
                ++excess;
            dropPendingFront(excess);
            m_skippedCharacters += excess;
        }
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void EchoView::appendPiece(const QString &text, bool shaded, qint64 mark)
{
    if (text.isEmpty())
        return;
    m_pending += text;
    if (!m_pieces.empty() && mark < 0 && m_pieces.back().mark < 0 &&
        m_pieces.back().shaded == shaded) {
        m_pieces.back().length += text.size();
        return;
    }
    m_pieces.push_back({ text.size(), shaded, mark });
}

void EchoView::dropPendingFront(qsizetype count)
{
    m_pending.remove(0, count);
    while (count > 0 && !m_pieces.empty()) {
        Piece &front = m_pieces.front();
        if (front.length > count) {
            front.length -= count;
            // What is left of a marked character is no longer that character.
            front.mark = -1;
            return;
        }
        count -= front.length;
        m_pieces.pop_front();
    }
}

bool EchoView::isShaded(qint64 offset) const
{
    if (!m_datagrams || m_datagramStarts.empty() || offset < m_datagramStarts.front())
        return false;
    const auto next = std::upper_bound(m_datagramStarts.begin(), m_datagramStarts.end(), offset);
    const qint64 number = m_firstDatagram + qint64(next - m_datagramStarts.begin()) - 1;
    return number % 2 == 1;
}

const QTextCharFormat &EchoView::formatFor(bool shaded, bool marked) const
{
    if (marked)
        return m_markFormat;
    return shaded ? m_shadeFormat : m_plainFormat;
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
    m_pieces.clear();
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
    m_markOffsets.clear();
    m_markedTexts.clear();
    m_datagramStarts.clear();
    m_firstDatagram = 0;
}

void EchoView::setDatagrams(bool on)
{
    if (m_datagrams == on)
        return;
    m_datagrams = on;
    m_datagramStarts.clear();
    m_firstDatagram = 0;
    rebuild();
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
    if (offset < 0 || isMarked(offset) || m_markOffsets.size() >= maximumMarks)
        return;
    m_markOffsets.append(offset);
    // A byte already shown is marked by showing the kept bytes again.
    if (offset < m_streamOffset)
        rebuild();
}

QString EchoView::markedText() const
{
    return m_markedTexts.isEmpty() ? QString() : m_markedTexts.first();
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
    m_markedTexts.clear();
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
    // Three tenths of the way from the base to the selection colour: a datagram's extent shows
    // on light and dark palettes alike, and its text stays about as readable as on the base.
    const QColor base = palette().color(QPalette::Base);
    const auto mix = [](int from, int to) { return from + (to - from) * 3 / 10; };
    m_shadeFormat = QTextCharFormat();
    m_shadeFormat.setBackground(QColor(mix(base.red(), background.red()),
        mix(base.green(), background.green()), mix(base.blue(), background.blue())));
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
    const qsizetype budget = takeAtMost(m_pending, charactersPerFlush);
    qsizetype taken = 0;
    for (qsizetype pieces = 0; pieces < piecesPerFlush && taken < budget && !m_pieces.empty();
        ++pieces) {
        Piece &piece = m_pieces.front();
        // A marked character goes whole into one flush, however it is shown ("⟨U+202E⟩").
        const qsizetype length = piece.mark >= 0 || taken + piece.length <= budget
            ? piece.length
            : takeAtMost(QStringView(m_pending).sliced(taken), budget - taken);
        if (length == 0)
            break;
        const QStringView text = QStringView(m_pending).sliced(taken, length);
        if (piece.mark >= 0)
            m_markedTexts.insert(piece.mark, text.toString());
        insert(cursor, text, formatFor(piece.shaded, piece.mark >= 0));
        taken += length;
        if (length == piece.length)
            m_pieces.pop_front();
        else
            piece.length -= length;
    }
    m_pending.remove(0, taken);
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
    insert(cursor, QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0')));
    // Runs of one format each; the space between two bytes of one datagram is shaded with them.
    QString run;
    const QTextCharFormat *runFormat = &m_plainFormat;
    const auto add = [&](const QString &text, const QTextCharFormat &format) {
        if (&format != runFormat) {
            insert(cursor, run, *runFormat);
            run.clear();
            runFormat = &format;
        }
        run += text;
    };
    QString ascii;
    for (qsizetype i = 0; i < row.size(); ++i) {
        const auto byte = quint8(row.at(i));
        const bool shaded = isShaded(offset + i);
        const bool marked = isMarked(offset + i);
        const QString pair = QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0'));
        if (marked)
            m_markedTexts.insert(offset + i, pair);
        add(pair, formatFor(shaded, marked));
        const bool joined = i + 1 < row.size() && shaded && isShaded(offset + i + 1);
        add(i == hexBytesPerRow / 2 - 1 ? QStringLiteral("  ") : QStringLiteral(" "),
            joined ? m_shadeFormat : m_plainFormat);
        ascii += byte >= 0x20 && byte < 0x7f ? QChar(char16_t(byte)) : QChar(u'.');
    }
    // Part-filled rows keep the ASCII column where full rows have it.
    QString padding;
    for (qsizetype i = row.size(); i < hexBytesPerRow; ++i)
        padding += i == hexBytesPerRow / 2 - 1 ? QStringLiteral("    ") : QStringLiteral("   ");
    add(padding + QStringLiteral(" |"), m_plainFormat);
    for (qsizetype i = 0; i < row.size(); ++i)
        add(ascii.at(i), formatFor(isShaded(offset + i), false));
    add(QStringLiteral("|"), m_plainFormat);
    insert(cursor, run, *runFormat);
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
