#include "logpane.h"

#include "logmodel.h"
#include "logview.h"
#include "namedcontrols.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

LogPane::LogPane(LogModel *lines, QWidget *parent)
    : QWidget(parent)
{
    m_filter.setSourceModel(lines);
    m_filter.setFilterKeyColumn(-1);
    m_filter.setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *top = new QHBoxLayout;
    auto *logLabel = new QLabel(tr("Connection &log:"), this);
    top->addWidget(logLabel);
    top->addSpacing(12);
    // Created in Tab order: the controls above the view, then the view.
    buildControls(top);
    buildView();
    logLabel->setBuddy(m_view);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    buildMenuActions();

    connect(m_filterEdit, &QLineEdit::textChanged, &m_filter,
        &QSortFilterProxyModel::setFilterFixedString);
    connect(m_showDataCheck, &QCheckBox::toggled, this, &LogPane::showDataToggled);
}

void LogPane::buildControls(QHBoxLayout *layout)
{
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("logFilterEdit"));
    m_filterEdit->setAccessibleName(tr("Filter the log"));
    m_filterEdit->setPlaceholderText(tr("Filter by client or text"));
    m_filterEdit->setClearButtonEnabled(true);

    m_showDataCheck = new QCheckBox(tr("Show da&ta"), this);
    m_showDataCheck->setObjectName(QStringLiteral("showDataCheck"));
    m_showDataCheck->setAccessibleName(tr("Show data lines"));
    m_showDataCheck->setToolTip(
        tr("Log what each client sends and what is echoed (gathered to about one line a second "
           "per client)"));

    auto *save = namedButton(this, tr("&Save log…"), QStringLiteral("saveLogButton"),
        tr("Save the log to a file"),
        tr("Save the lines shown as text or CSV (%1)")
            .arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)),
        &LogPane::saveRequested);
    auto *clear = namedButton(this, tr("Cl&ear"), QStringLiteral("clearLogButton"),
        tr("Clear the log"), QString(), &LogPane::clearRequested);

    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filterEdit);
    layout->addWidget(filterLabel);
    layout->addWidget(m_filterEdit, 1);
    layout->addWidget(m_showDataCheck);
    layout->addWidget(save);
    layout->addWidget(clear);
}

void LogPane::buildView()
{
    m_view = new LogView(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setAccessibleName(tr("Connection log"));
    m_view->setModel(&m_filter);
    const QFontMetrics metrics(m_view->font());
    m_view->horizontalHeader()->resizeSection(
        LogModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    // The longest step names, TCP's and UDP's.
    m_view->horizontalHeader()->resizeSection(LogModel::StepColumn,
        qMax(metrics.horizontalAdvance(QStringLiteral("shutdown")),
            metrics.horizontalAdvance(QStringLiteral("recvfrom"))) +
            16);
    m_view->horizontalHeader()->resizeSection(LogModel::ClientColumn,
        metrics.horizontalAdvance(QStringLiteral("#0000 127.0.0.1:00000 (UDP)")) + 16);
}

void LogPane::buildMenuActions()
{
    auto *save = namedAction(this, tr("&Save Log…"), QStringLiteral("saveLogAction"),
        &LogPane::saveRequested, QKeySequence::Save);
    auto *clear =
        namedAction(this, tr("&Clear"), QStringLiteral("clearLogAction"), &LogPane::clearRequested);
    auto *filter = namedAction(
        this, tr("&Filter"), QStringLiteral("filterLogAction"),
        [this] {
            m_filterEdit->setFocus(Qt::ShortcutFocusReason);
            m_filterEdit->selectAll();
        },
        QKeySequence::Find);
    m_menuActions = { save, clear, filter };

    // The check box holds the choice and acts on it; the menu item only mirrors it.
    m_showDataAction = new QAction(m_showDataCheck->text(), this);
    m_showDataAction->setObjectName(QStringLiteral("showDataAction"));
    m_showDataAction->setCheckable(true);
    m_showDataAction->setChecked(m_showDataCheck->isChecked());
    connect(m_showDataAction, &QAction::toggled, m_showDataCheck, &QCheckBox::setChecked);
    connect(m_showDataCheck, &QCheckBox::toggled, m_showDataAction, &QAction::setChecked);
}

void LogPane::setShowData(bool show)
{
    m_showDataCheck->setChecked(show);
}
