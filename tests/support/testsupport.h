// Shared test helpers: free loopback ports, waiting on conditions with a deadline, and an etcd server
// started on free ports for the duration of a test.
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <chrono>
#include <functional>
#include <memory>

namespace tugboat::test {

// A TCP port on 127.0.0.1 that was free a moment ago.
quint16 freePort();

// Polls `condition` (processing events in between) until it holds or `timeout` passes.
// Returns whether it held. Tests use it instead of sleeping.
bool waitFor(const std::function<bool()> &condition,
             std::chrono::milliseconds timeout = std::chrono::seconds(20));

// Blocking GET of http://127.0.0.1:port/path; returns the body, or an empty array on failure.
QByteArray httpGet(quint16 port, const QByteArray &path);

// A private etcd on free loopback ports, removed with its data when destroyed.
class EtcdServer {
public:
    EtcdServer();
    ~EtcdServer();
    EtcdServer(const EtcdServer &) = delete;
    EtcdServer &operator=(const EtcdServer &) = delete;

    // Starts etcd and waits until it answers /health. Returns false (with why()) if it cannot.
    bool start();
    void stop();
    QString why() const { return m_why; }
    quint16 clientPort() const { return m_clientPort; }
    QString endpoint() const; // "127.0.0.1:PORT"

    static QString executable(); // the etcd binary, or empty when not installed

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_clientPort = 0;
    QString m_why;
};

} // namespace tugboat::test
