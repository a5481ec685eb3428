// SIGTERM and SIGINT turned into a Qt signal on the main thread (the self-pipe trick: a signal handler
// may only write to a pipe; a QSocketNotifier reads it on the event loop).
#pragma once

#include <QObject>
#include <QSocketNotifier>

namespace tugboat::daemon {

class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void stopRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace tugboat::daemon
