#include "filepanel.h"

#include "echoclient.h"
#include "namedcontrols.h"

#include <QAction>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QString formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace

FilePanel::FilePanel(QWidget *parent)
    : QWidget(parent)
{
    m_sendButton = new QPushButton(tr("Send &file…"), this);
    m_sendButton->setObjectName(QStringLiteral("sendFileButton"));
    m_sendButton->setToolTip(
        tr("Stream a file to the server; the echo check says whether it all came back"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("fileProgress"));
    m_progress->setAccessibleName(tr("File sending progress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    // A bare "0%" would read as a transfer that is stuck.
    m_progress->setFormat(tr("No file sent yet"));
    m_cancelButton = new QPushButton(tr("Cancel file"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelFileButton"));
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("fileLabel"));
    m_label->setAccessibleName(tr("File sending"));
    m_label->setWordWrap(true);

    m_datagramSpin = new QSpinBox(this);
    m_datagramSpin->setObjectName(QStringLiteral("datagramSizeSpin"));
    m_datagramSpin->setAccessibleName(tr("Datagram size"));
    m_datagramSpin->setToolTip(tr("Over UDP a file goes in datagrams of this many bytes"));
    m_datagramSpin->setRange(1, int(EchoClient::maximumDatagramSizeIpv6));
    m_datagramSpin->setValue(EchoClient::defaultDatagramSize);
    m_datagramSpin->setSuffix(tr(" bytes per datagram"));
    m_datagramSpin->setEnabled(false);

    m_sendAction = namedAction(this, tr("Send &File…"), QStringLiteral("sendFileAction"),
        &FilePanel::chooseFile, QKeySequence::Open);
    m_cancelAction = namedAction(
        this, tr("Cancel F&ile"), QStringLiteral("cancelFileAction"), &FilePanel::cancelRequested);
    setCancelEnabled(false);

    auto *row = new QHBoxLayout;
    row->addWidget(m_sendButton);
    row->addWidget(m_progress, 1);
    row->addWidget(m_cancelButton);
    row->addWidget(m_datagramSpin);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_label);

    connect(m_sendButton, &QPushButton::clicked, this, &FilePanel::chooseFile);
    connect(m_cancelButton, &QPushButton::clicked, this, &FilePanel::cancelRequested);
    connect(m_datagramSpin, &QSpinBox::valueChanged, this, &FilePanel::datagramSizeChanged);
}

int FilePanel::datagramSize() const
{
    return m_datagramSpin->value();
}

void FilePanel::setDatagramSize(int bytes)
{
    m_datagramSpin->setValue(bytes);
}

void FilePanel::setDatagramSizeEnabled(bool enabled)
{
    m_datagramSpin->setEnabled(enabled);
}

void FilePanel::setSendEnabled(bool enabled)
{
    m_sendButton->setEnabled(enabled);
    m_sendAction->setEnabled(enabled);
}

void FilePanel::setCancelEnabled(bool enabled)
{
    m_cancelButton->setEnabled(enabled);
    m_cancelAction->setEnabled(enabled);
}

void FilePanel::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Send a file to the server"));
    if (!path.isEmpty())
        emit fileChosen(path);
}

void FilePanel::showStarted(const QString &path)
{
    m_sent = 0;
    m_size = 0;
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%p%"));
    setSendEnabled(false);
    setCancelEnabled(true);
    m_label->setText(tr("Sending %1…").arg(path));
}

void FilePanel::showRefused(const QString &reason)
{
    m_label->setText(reason);
}

void FilePanel::recordProgress(qint64 sent, qint64 size)
{
    m_sent = sent;
    m_size = size;
}

void FilePanel::showProgress()
{
    if (m_size <= 0)
        return;
    m_progress->setValue(int(m_sent * m_progress->maximum() / m_size));
    m_progress->setFormat(tr("%1 of %2").arg(formatSize(m_sent), formatSize(m_size)));
}

void FilePanel::showFinished(bool canSendAnother)
{
    setSendEnabled(canSendAnother);
    setCancelEnabled(false);
    m_progress->setValue(m_progress->maximum());
    m_label->setText(tr("File sent (%1); the echo check says whether it all came back the same.")
            .arg(formatSize(m_size)));
}

void FilePanel::showStopped(const QString &reason, bool canSendAnother)
{
    setSendEnabled(canSendAnother);
    setCancelEnabled(false);
    m_label->setText(
        tr("File stopped after %1 of %2: %3").arg(formatSize(m_sent), formatSize(m_size), reason));
}
