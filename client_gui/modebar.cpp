#include "modebar.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

namespace {

template<typename Enum> Enum chosen(const QComboBox *combo)
{
    return combo->currentData().value<Enum>();
}

// Leaves the choice as it is when no item carries `value` (say, a number from an old settings
// file that means nothing now).
template<typename Enum> void choose(QComboBox *combo, Enum value)
{
    if (const int index = combo->findData(QVariant::fromValue(value)); index >= 0)
        combo->setCurrentIndex(index);
}

} // namespace

ModeBar::ModeBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildSendChoices(layout);
    layout->addStretch(1);
    buildViewChoices(layout);
    buildViewModeActions();

    connect(m_inputModeCombo, &QComboBox::currentIndexChanged, this, &ModeBar::onInputModeChosen);
    connect(m_lineEndingCombo, &QComboBox::currentIndexChanged, this,
        [this] { emit lineEndingChanged(lineEnding()); });
    connect(m_noDelayCheck, &QCheckBox::toggled, this, &ModeBar::noDelayToggled);
    connect(m_viewModeCombo, &QComboBox::currentIndexChanged, this, &ModeBar::onViewModeChosen);
}

void ModeBar::buildSendChoices(QHBoxLayout *layout)
{
    m_inputModeCombo = new QComboBox(this);
    m_inputModeCombo->setObjectName(QStringLiteral("inputModeCombo"));
    m_inputModeCombo->setAccessibleName(tr("Input mode"));
    m_inputModeCombo->addItem(
        tr("Keystroke: each key at once"), QVariant::fromValue(InputPanel::Mode::Keystroke));
    m_inputModeCombo->addItem(
        tr("Line: Enter sends the line"), QVariant::fromValue(InputPanel::Mode::Line));
    m_inputModeCombo->addItem(
        tr("Hex: bytes as hex digits"), QVariant::fromValue(InputPanel::Mode::Hex));
    auto *inputModeLabel = new QLabel(tr("Sen&d:"), this);
    inputModeLabel->setBuddy(m_inputModeCombo);

    m_lineEndingCombo = new QComboBox(this);
    m_lineEndingCombo->setObjectName(QStringLiteral("lineEndingCombo"));
    m_lineEndingCombo->setAccessibleName(tr("Line ending sent for Enter"));
    m_lineEndingCombo->addItem(tr("LF (\\n)"), QVariant::fromValue(LineEnding::Lf));
    m_lineEndingCombo->addItem(tr("CR (\\r)"), QVariant::fromValue(LineEnding::Cr));
    m_lineEndingCombo->addItem(tr("CR LF (\\r\\n)"), QVariant::fromValue(LineEnding::CrLf));
    auto *lineEndingLabel = new QLabel(tr("&Enter sends:"), this);
    lineEndingLabel->setBuddy(m_lineEndingCombo);

    m_noDelayCheck = new QCheckBox(tr("TCP_&NODELAY"), this);
    m_noDelayCheck->setObjectName(QStringLiteral("noDelayCheck"));
    m_noDelayCheck->setAccessibleName(tr("TCP_NODELAY: send small writes at once"));
    m_noDelayCheck->setToolTip(tr("On: each keystroke leaves at once. Off: Nagle's algorithm "
                                  "holds small writes back while earlier ones are unanswered."));

    layout->addWidget(inputModeLabel);
    layout->addWidget(m_inputModeCombo);
    layout->addWidget(lineEndingLabel);
    layout->addWidget(m_lineEndingCombo);
    layout->addWidget(m_noDelayCheck);
}

void ModeBar::buildViewChoices(QHBoxLayout *layout)
{
    m_viewModeCombo = new QComboBox(this);
    m_viewModeCombo->setObjectName(QStringLiteral("viewModeCombo"));
    m_viewModeCombo->setAccessibleName(tr("Show bytes as"));
    m_viewModeCombo->addItem(tr("Text"), QVariant::fromValue(EchoView::Mode::Text));
    m_viewModeCombo->addItem(tr("Hex"), QVariant::fromValue(EchoView::Mode::Hex));
    auto *viewModeLabel = new QLabel(tr("Sho&w as:"), this);
    viewModeLabel->setBuddy(m_viewModeCombo);
    layout->addWidget(viewModeLabel);
    layout->addWidget(m_viewModeCombo);
}

void ModeBar::buildViewModeActions()
{
    m_viewModeActions = new QActionGroup(this);
    for (int index = 0; index < m_viewModeCombo->count(); ++index) {
        QAction *mode =
            m_viewModeActions->addAction(tr("Show as %1").arg(m_viewModeCombo->itemText(index)));
        mode->setCheckable(true);
        mode->setData(m_viewModeCombo->itemData(index));
        mode->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + index)));
    }
    m_viewModeActions->actions().constFirst()->setChecked(true);
    connect(m_viewModeActions, &QActionGroup::triggered, this,
        [this](QAction *mode) { setViewMode(mode->data().value<EchoView::Mode>()); });
}

InputPanel::Mode ModeBar::inputMode() const
{
    return chosen<InputPanel::Mode>(m_inputModeCombo);
}

void ModeBar::setInputMode(InputPanel::Mode mode)
{
    choose(m_inputModeCombo, mode);
}

LineEnding ModeBar::lineEnding() const
{
    return chosen<LineEnding>(m_lineEndingCombo);
}

void ModeBar::setLineEnding(LineEnding ending)
{
    choose(m_lineEndingCombo, ending);
}

bool ModeBar::noDelay() const
{
    return m_noDelayCheck->isChecked();
}

void ModeBar::setNoDelayAvailable(bool available)
{
    m_noDelayCheck->setEnabled(available);
}

void ModeBar::setNoDelay(bool on)
{
    m_noDelayCheck->setChecked(on);
}

EchoView::Mode ModeBar::viewMode() const
{
    return chosen<EchoView::Mode>(m_viewModeCombo);
}

void ModeBar::setViewMode(EchoView::Mode mode)
{
    choose(m_viewModeCombo, mode);
}

void ModeBar::onInputModeChosen()
{
    // Hex input has no Enter key of its own to translate.
    m_lineEndingCombo->setEnabled(inputMode() != InputPanel::Mode::Hex);
    emit inputModeChanged(inputMode());
}

void ModeBar::onViewModeChosen()
{
    const QVariant mode = m_viewModeCombo->currentData();
    const auto actions = m_viewModeActions->actions();
    for (QAction *action : actions) {
        if (action->data() == mode)
            action->setChecked(true);
    }
    emit viewModeChanged(viewMode());
}
