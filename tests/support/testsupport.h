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
bool waitFor(const std::function<bool()> &condition, std::chrono::milliseconds timeout = std::chrono::seconds(20));

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

namespace tugboat::test {

// A tugboatd started for a test on a free loopback port, with its own data dir; stopped (SIGTERM) when
// destroyed. `start` waits for the "serving on" and "admin kubeconfig at" lines.
class DaemonProcess {
public:
    explicit DaemonProcess(QString executable);
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess &) = delete;
    DaemonProcess &operator=(const DaemonProcess &) = delete;

    bool start(const QStringList &extraArgs = {});
    void stop();
    QString why() const { return m_why; }
    QString url() const { return m_url; }
    QString kubeconfig() const { return m_kubeconfig; }
    QString dataDir() const { return m_dir.path(); }
    QByteArray output() const { return m_output; }
    QProcess *process() { return m_process.get(); }

private:
    QString m_executable;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    QString m_url, m_kubeconfig, m_why;
};

struct CommandResult {
    int exitCode = -1;
    QByteArray out, err;
};

// Runs a program to completion (with a deadline), feeding `input` on stdin.
CommandResult run(const QString &program, const QStringList &args, const QByteArray &input = {},
                  const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 60000);

// The versioned kubectl binaries beside the machine's kubectl dispatcher (kubectl.1.27 ...), or the
// plain kubectl when there are none; empty when kubectl is not installed.
QStringList kubectlBinaries();

} // namespace tugboat::test
