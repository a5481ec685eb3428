// What the kubectl end-to-end tests share: a tugboatd started for the test, and the real kubectl run
// against it with a private HOME (its own discovery cache) and the daemon's admin kubeconfig.
#pragma once

#include "testsupport.h"

#include <QFileInfo>
#include <QTest>

namespace tugboat::test {

class KubectlHarness {
public:
    // Starts tugboatd with `args` (on a free loopback port, its own data dir).
    bool start(const QStringList &args)
    {
        m_daemon = std::make_unique<DaemonProcess>(QStringLiteral(TUGBOATD_PATH));
        return m_daemon->start(args);
    }
    void stop()
    {
        if (m_daemon)
            m_daemon->stop();
    }
    DaemonProcess &daemon() { return *m_daemon; }
    // What the daemon printed since start (its log), for a failing test to show.
    QByteArray log()
    {
        while (m_daemon->process()->waitForReadyRead(100))
            m_log += m_daemon->process()->readAll();
        m_log += m_daemon->process()->readAll();
        return m_log;
    }

    CommandResult run(const QString &binary, QStringList args, const QByteArray &input = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.remove(QStringLiteral("KUBECONFIG"));
        args.prepend(m_daemon->kubeconfig());
        args.prepend(QStringLiteral("--kubeconfig"));
        return test::run(binary, args, input, env);
    }
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        return env;
    }

    // Each kubectl version works in its own namespace ("v133"), so rows do not see each other's objects.
    static QString namespaceFor(const QString &binary)
    {
        return QStringLiteral("v") +
               QFileInfo(binary).fileName().remove(QStringLiteral("kubectl")).remove(QLatin1Char('.'));
    }

    // One row per kubectl binary on the machine, in a column named "kubectl".
    static void addKubectlRows()
    {
        QTest::addColumn<QString>("kubectl");
        for (const QString &binary : kubectlBinaries())
            QTest::newRow(qPrintable(QFileInfo(binary).fileName())) << binary;
    }

private:
    std::unique_ptr<DaemonProcess> m_daemon;
    QTemporaryDir m_home;
    QByteArray m_log;
};

} // namespace tugboat::test

// Fails the test unless the command succeeded. `result` is evaluated once: it is often the run itself
// (KUBECTL_OK(kubectl({"rollout", "undo", ...}))), and a command must not run again to print its output.
#define KUBECTL_OK(result)                                                                                             \
    do {                                                                                                               \
        const ::tugboat::test::CommandResult kubectlOk_ = (result);                                                    \
        QVERIFY2(kubectlOk_.exitCode == 0, qPrintable(QString::fromUtf8(kubectlOk_.err + kubectlOk_.out)));            \
    } while (false)
