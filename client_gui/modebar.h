#pragma once

#include "echoview.h"
#include "inputpanel.h"
#include "lineending.h"

#include <QWidget>

class QActionGroup;
class QCheckBox;
class QComboBox;
class QHBoxLayout;

// How bytes are sent (keystroke, line or hex; what Enter sends; TCP_NODELAY) and how both views
// show them (text or hex). Each combo box carries its enum in its items' data. It owns the View
// menu's items that choose what "Show as" chooses.
class ModeBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModeBar)

public:
    explicit ModeBar(QWidget *parent = nullptr);

    InputPanel::Mode inputMode() const;
    void setInputMode(InputPanel::Mode mode);
    LineEnding lineEnding() const;
    void setLineEnding(LineEnding ending);
    bool noDelay() const;
    void setNoDelay(bool on);
    // TCP_NODELAY means nothing to UDP: greyed out while UDP is chosen.
    void setNoDelayAvailable(bool available);
    EchoView::Mode viewMode() const;
    void setViewMode(EchoView::Mode mode);

    // One checkable item per view mode, Ctrl+1, Ctrl+2 …
    QActionGroup *viewModeActions() const { return m_viewModeActions; }

signals:
    void inputModeChanged(InputPanel::Mode mode);
    void lineEndingChanged(LineEnding ending);
    void noDelayToggled(bool on);
    void viewModeChanged(EchoView::Mode mode);

private:
    void buildSendChoices(QHBoxLayout *layout);
    void buildViewChoices(QHBoxLayout *layout);
    void buildViewModeActions();
    void onInputModeChosen();
    void onViewModeChosen();

    QComboBox *m_inputModeCombo = nullptr;
    QComboBox *m_lineEndingCombo = nullptr;
    QCheckBox *m_noDelayCheck = nullptr;
    QComboBox *m_viewModeCombo = nullptr;
    QActionGroup *m_viewModeActions = nullptr;
};
