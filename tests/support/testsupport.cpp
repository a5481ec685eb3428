#include "testsupport.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace tugboat::test {

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

bool waitFor(const std::function<bool()> &condition, std::chrono::milliseconds timeout)
{
    QDeadlineTimer deadline(timeout);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::msleep(2); // yield between polls; the deadline, not this pause, bounds the wait
    }
    return true;
}

QByteArray httpGet(quint16 port, const QByteArray &path)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(2000))
        return {};
    socket.write("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(2000))
        response += socket.readAll();
    response += socket.readAll();
    const qsizetype body = response.indexOf("\r\n\r\n");
    if (!response.startsWith("HTTP/1.") || !response.contains(" 200 ") || body < 0)
        return {};
    return response.mid(body + 4);
}

EtcdServer::EtcdServer() = default;

EtcdServer::~EtcdServer()
{
    stop();
}

QString EtcdServer::executable()
{
    return QStandardPaths::findExecutable(QStringLiteral("etcd"));
}

QString EtcdServer::endpoint() const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_clientPort);
}

bool EtcdServer::start()
{
    const QString exe = executable();
    if (exe.isEmpty()) {
        m_why = QStringLiteral("etcd is not installed (packaging/install-deps.sh installs etcd-server)");
        return false;
    }
    m_clientPort = freePort();
    const quint16 peerPort = freePort();
    const QString client = QStringLiteral("http://127.0.0.1:%1").arg(m_clientPort);
    const QString peer = QStringLiteral("http://127.0.0.1:%1").arg(peerPort);
    m_process = std::make_unique<QProcess>();
    // etcd must not outlive a test that crashes.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("etcd.log")));
    m_process->start(exe,
                     {QStringLiteral("--name"), QStringLiteral("test"), QStringLiteral("--data-dir"),
                      m_dir.filePath(QStringLiteral("data")), QStringLiteral("--listen-client-urls"), client,
                      QStringLiteral("--advertise-client-urls"), client, QStringLiteral("--listen-peer-urls"), peer,
                      QStringLiteral("--initial-advertise-peer-urls"), peer, QStringLiteral("--initial-cluster"),
                      QStringLiteral("test=") + peer, QStringLiteral("--log-level"), QStringLiteral("error")});
    if (!m_process->waitForStarted(5000)) {
        m_why = QStringLiteral("etcd did not start: ") + m_process->errorString();
        return false;
    }
    const bool healthy = waitFor(
        [this] { return m_process->state() == QProcess::Running && httpGet(m_clientPort, "/health").contains("true"); },
        std::chrono::seconds(30));
    if (!healthy) {
        QFile log(m_dir.filePath(QStringLiteral("etcd.log")));
        log.open(QIODevice::ReadOnly);
        m_why = QStringLiteral("etcd did not become healthy: ") + QString::fromUtf8(log.readAll().right(2000));
        stop();
        return false;
    }
    return true;
}

void EtcdServer::stop()
{
    if (!m_process)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

} // namespace tugboat::test

namespace tugboat::test {

DaemonProcess::DaemonProcess(QString executable)
    : m_executable(std::move(executable))
{}

DaemonProcess::~DaemonProcess()
{
    stop();
}

bool DaemonProcess::start(const QStringList &extraArgs)
{
    m_process = std::make_unique<QProcess>();
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{QStringLiteral("server"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data"))};
    args << extraArgs;
    m_process->start(m_executable, args);
    if (!m_process->waitForStarted(10000)) {
        m_why = m_process->errorString();
        return false;
    }
    const bool ready = waitFor(
        [this] {
            m_output += m_process->readAll();
            return (m_output.contains("admin kubeconfig at ") && m_output.endsWith('\n')) ||
                   m_process->state() == QProcess::NotRunning;
        },
        std::chrono::seconds(30));
    for (const QByteArray &line : m_output.split('\n')) {
        if (line.startsWith("tugboatd: serving on "))
            m_url = QString::fromUtf8(line.mid(21).trimmed());
        if (line.startsWith("tugboatd: admin kubeconfig at "))
            m_kubeconfig = QString::fromUtf8(line.mid(30).trimmed());
    }
    if (!ready || m_url.isEmpty() || m_kubeconfig.isEmpty()) {
        m_why = QStringLiteral("tugboatd did not start: ") + QString::fromUtf8(m_output);
        return false;
    }
    return true;
}

void DaemonProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_output += m_process->readAll();
    m_process.reset();
}

CommandResult run(const QString &program, const QStringList &args, const QByteArray &input,
                  const QProcessEnvironment &env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    CommandResult r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "timed out: " + p.readAllStandardError();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QStringList kubectlBinaries()
{
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty())
        return {};
    const QDir dir = QFileInfo(QFileInfo(kubectl).canonicalFilePath()).dir();
    QStringList versions;
    for (const QString &name :
         dir.entryList({QStringLiteral("kubectl.1.*")}, QDir::Files | QDir::Executable, QDir::Name))
        if (name.mid(10).toInt() >= 27)
            versions << dir.filePath(name);
    if (versions.isEmpty())
        versions << kubectl;
    return versions;
}

} // namespace tugboat::test
