#pragma once

#include <QAction>
#include <QKeySequence>
#include <QObject>
#include <QPushButton>
#include <QString>

// The controls as the panels make theirs, named (objectName) for tests and the window's menus,
// each triggering `slot` (a signal or slot of the owner, or a function) in the owner's context.

// A menu action owned by `owner`, with `shortcut` when one is given.
template<typename Owner, typename Slot>
QAction *namedAction(Owner *owner, const QString &text, const QString &objectName, Slot slot,
    const QKeySequence &shortcut = {})
{
    auto *action = new QAction(text, owner);
    action->setObjectName(objectName);
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    QObject::connect(action, &QAction::triggered, owner, slot);
    return action;
}

// A push button owned by `owner`, which a screen reader announces as `accessibleName`, with
// `toolTip` (none when empty).
template<typename Owner, typename Slot>
QPushButton *namedButton(Owner *owner, const QString &text, const QString &objectName,
    const QString &accessibleName, const QString &toolTip, Slot slot)
{
    auto *button = new QPushButton(text, owner);
    button->setObjectName(objectName);
    button->setAccessibleName(accessibleName);
    if (!toolTip.isEmpty())
        button->setToolTip(toolTip);
    QObject::connect(button, &QPushButton::clicked, owner, slot);
    return button;
}
