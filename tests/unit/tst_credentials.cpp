// The control plane's first-start credentials: every file made owner-only, reused on later starts,
// repaired when stale, readable by our kubeconfig client and kubectl, and the TLS setup they give works
// end to end over a real loopback connection.
#include "api/clock.h"
#include "apiserver/credentials.h"
#include "client/kubeconfig.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>
#include <sys/stat.h>

using namespace tugboat;
using namespace tugboat::apiserver;

namespace {

const QStringList kFiles{QStringLiteral("ca.crt"),           QStringLiteral("ca.key"),
                         QStringLiteral("server.crt"),       QStringLiteral("server.key"),
                         QStringLiteral("tokens.json"),      QStringLiteral("node-token"),
                         QStringLiteral("admin.kubeconfig"), QStringLiteral("viewer.kubeconfig")};

int fileMode(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(data);
}

// Runs the event loop until the client is encrypted, reports a TLS or socket error, or the deadline.
void waitForHandshake(QSslSocket &client, int deadlineMs = 15000)
{
    QEventLoop loop;
    QObject::connect(&client, &QSslSocket::encrypted, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QSslSocket::sslErrors, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QAbstractSocket::errorOccurred, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QAbstractSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(deadlineMs, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

class CredentialsTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void firstStart_createsEveryFileOwnerOnly();
    void secondStart_reusesEverything();
    void kubeconfigs_parseBackAndAuthenticateWithTheirRoles();
    void nodeToken_pinsTheCaAndAuthenticatesAsJoinToken();
    void serverUrlChange_rewritesKubeconfigsKeepingTokens();
    void newName_reissuesServingCertificateKeepingCa();
    void nearExpiry_reissuesServingCertificate();
    void foreignServingCertificate_isReissued();
    void caWithoutKey_isAnErrorNamingTheFile();
    void deletedKubeconfig_getsNewTokenWhileOldStaysValid();
    void revokedOrCorruptTokenFiles_areReplaced();
    void looseModes_areTightened();
    void tls_handshakeTrustsTheCaAndChecksHostName();
    void tls_otherCaOrWrongNameIsRejected();
    void kubectl_readsTheWrittenKubeconfig();
    void kubectl_trustsTheServingCertificateAndSendsTheToken();

private:
    CredentialOptions options(const api::Clock *clock = nullptr) const;
    QString file(const QString &name) const { return m_dir->filePath(QStringLiteral("data/") + name); }
    QString dataDir() const { return m_dir->filePath(QStringLiteral("data")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void CredentialsTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

CredentialOptions CredentialsTest::options(const api::Clock *clock) const
{
    CredentialOptions o;
    o.serverUrl = QStringLiteral("https://127.0.0.1:6443");
    o.ipAddresses = {QHostAddress(QStringLiteral("10.0.0.5"))};
    o.dnsNames = {QStringLiteral("cp.example")};
    o.clock = clock;
    return o;
}

void CredentialsTest::firstStart_createsEveryFileOwnerOnly()
{
    auto creds = ensureServerCredentials(dataDir(), options());
    QVERIFY2(creds.ok(), qPrintable(creds.errorMessage()));
    QCOMPARE(fileMode(dataDir()), 0700);
    for (const QString &name : kFiles) {
        QVERIFY2(QFile::exists(file(name)), qPrintable(name));
        QCOMPARE(fileMode(file(name)), 0600);
        QVERIFY2(creds->written.contains(file(name)), qPrintable(name));
    }
    QCOMPARE(creds->written.size(), kFiles.size());
    QVERIFY(creds->servingCertificateIssued);
    QCOMPARE(creds->caCertificatePath, file(QStringLiteral("ca.crt")));
    QCOMPARE(creds->adminKubeconfigPath, file(QStringLiteral("admin.kubeconfig")));
    QCOMPARE(creds->viewerKubeconfigPath, file(QStringLiteral("viewer.kubeconfig")));
    QCOMPARE(creds->nodeTokenPath, file(QStringLiteral("node-token")));
    QCOMPARE(creds->caHash, caHash(readAll(file(QStringLiteral("ca.crt")))));
    // admin, viewer and join tokens
    QCOMPARE(creds->tokens->list().size(), 3);
    QVERIFY(creds->tlsConfiguration().ok());
}

void CredentialsTest::secondStart_reusesEverything()
{
    auto first = ensureServerCredentials(dataDir(), options());
    QVERIFY(first.ok());
    QHash<QString, QByteArray> before;
    for (const QString &name : kFiles)
        before.insert(name, readAll(file(name)));

    auto second = ensureServerCredentials(dataDir(), options());
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QVERIFY2(second->written.isEmpty(), qPrintable(second->written.join(u", ")));
    QVERIFY(!second->servingCertificateIssued);
    for (const QString &name : kFiles)
        QVERIFY2(readAll(file(name)) == before.value(name), qPrintable(name));
    QCOMPARE(second->caHash, first->caHash);
    QCOMPARE(second->serving.certificate, first->serving.certificate);
    QCOMPARE(second->tokens->list().size(), 3);
}

void CredentialsTest::kubeconfigs_parseBackAndAuthenticateWithTheirRoles()
{
    auto creds = ensureServerCredentials(dataDir(), options());
    QVERIFY(creds.ok());
    const QList<std::pair<QString, Role>> cases{{creds->adminKubeconfigPath, Role::Admin},
                                                {creds->viewerKubeconfigPath, Role::Viewer}};
    for (const auto &[path, role] : cases) {
        auto kubeconfig = client::Kubeconfig::loadFile(path);
        QVERIFY2(kubeconfig.ok(), qPrintable(kubeconfig.errorMessage()));
        auto config = kubeconfig->resolve();
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->server, QStringLiteral("https://127.0.0.1:6443"));
        QCOMPARE(config->caPem, creds->ca.certificate);
        QVERIFY(!config->insecureSkipTlsVerify);
        QCOMPARE(config->namespaceName, QStringLiteral("default"));
        auto identity = creds->tokens->authenticate(config->token);
        QVERIFY2(identity.ok(), qPrintable(path));
        QCOMPARE(identity->role, role);
    }
    auto admin = client::Kubeconfig::loadFile(creds->adminKubeconfigPath);
    QCOMPARE(admin->currentContext(), QStringLiteral("tugboat"));
    auto viewer = client::Kubeconfig::loadFile(creds->viewerKubeconfigPath);
    QCOMPARE(viewer->currentContext(), QStringLiteral("tugboat-viewer"));
}

void CredentialsTest::nodeToken_pinsTheCaAndAuthenticatesAsJoinToken()
{
    auto creds = ensureServerCredentials(dataDir(), options());
    QVERIFY(creds.ok());
    const QByteArray text = readAll(creds->nodeTokenPath);
    QVERIFY(text.endsWith('\n'));
    QCOMPARE(text.count('\n'), 1);
    QVERIFY(text.startsWith("K10" + creds->caHash.toLatin1() + "::"));
    auto join = JoinToken::parse(QString::fromLatin1(text));
    QVERIFY2(join.ok(), qPrintable(join.errorMessage()));
    QCOMPARE(join->caHash, creds->caHash);
    auto identity = creds->tokens->authenticate(join->bearer());
    QVERIFY(identity.ok());
    QVERIFY(identity->isJoinToken());
}

void CredentialsTest::serverUrlChange_rewritesKubeconfigsKeepingTokens()
{
    auto first = ensureServerCredentials(dataDir(), options());
    QVERIFY(first.ok());
    const QString token = client::Kubeconfig::loadFile(first->adminKubeconfigPath)->resolve()->token;
    CredentialOptions moved = options();
    moved.serverUrl = QStringLiteral("https://10.0.0.5:7443");
    auto second = ensureServerCredentials(dataDir(), moved);
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QCOMPARE(second->written,
             (QStringList{file(QStringLiteral("admin.kubeconfig")), file(QStringLiteral("viewer.kubeconfig"))}));
    auto config = client::Kubeconfig::loadFile(second->adminKubeconfigPath)->resolve();
    QCOMPARE(config->server, moved.serverUrl);
    QCOMPARE(config->token, token);
    QCOMPARE(second->tokens->list().size(), 3);
    QCOMPARE(fileMode(second->adminKubeconfigPath), 0600);
}

void CredentialsTest::newName_reissuesServingCertificateKeepingCa()
{
    auto first = ensureServerCredentials(dataDir(), options());
    QVERIFY(first.ok());
    CredentialOptions more = options();
    more.ipAddresses << QHostAddress(QStringLiteral("192.168.7.7"));
    auto second = ensureServerCredentials(dataDir(), more);
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QVERIFY(second->servingCertificateIssued);
    QCOMPARE(second->written, (QStringList{file(QStringLiteral("server.key")), file(QStringLiteral("server.crt"))}));
    QCOMPARE(second->ca.certificate, first->ca.certificate);
    QCOMPARE(second->caHash, first->caHash);
    auto cert = loadCertificate(second->serving.certificate);
    QVERIFY(coversNames(*cert, {QStringLiteral("cp.example"), QStringLiteral("kubernetes.default.svc")},
                        {QHostAddress(QStringLiteral("192.168.7.7")), QHostAddress(QStringLiteral("10.0.0.5")),
                         QHostAddress(QStringLiteral("127.0.0.1")), QHostAddress(QStringLiteral("::1"))}));
    QVERIFY(checkIssuedBy(second->serving, second->ca.certificate).ok());
    QVERIFY(!ensureServerCredentials(dataDir(), more)->servingCertificateIssued);
}

void CredentialsTest::nearExpiry_reissuesServingCertificate()
{
    api::FakeClock clock;
    auto first = ensureServerCredentials(dataDir(), options(&clock));
    QVERIFY(first.ok());
    const QDateTime expiry = loadCertificate(first->serving.certificate)->expiryDate();
    QCOMPARE(expiry, clock.now().addDays(365));

    clock.advanceMs(334LL * 24 * 3600 * 1000); // 31 days left
    auto kept = ensureServerCredentials(dataDir(), options(&clock));
    QVERIFY(kept.ok());
    QVERIFY(!kept->servingCertificateIssued);

    clock.advanceMs(2LL * 24 * 3600 * 1000); // 29 days left
    auto renewed = ensureServerCredentials(dataDir(), options(&clock));
    QVERIFY2(renewed.ok(), qPrintable(renewed.errorMessage()));
    QVERIFY(renewed->servingCertificateIssued);
    QCOMPARE(loadCertificate(renewed->serving.certificate)->expiryDate(), clock.now().addDays(365));
    QCOMPARE(renewed->caHash, first->caHash);
}

void CredentialsTest::foreignServingCertificate_isReissued()
{
    auto first = ensureServerCredentials(dataDir(), options());
    QVERIFY(first.ok());
    auto otherCa = createCertificateAuthority();
    ServingCertificateOptions servingOptions;
    servingOptions.dnsNames = defaultServingDnsNames() << QStringLiteral("cp.example");
    servingOptions.ipAddresses = defaultServingIpAddresses() << QHostAddress(QStringLiteral("10.0.0.5"));
    auto foreign = issueServingCertificate(*otherCa, servingOptions);
    QVERIFY(foreign.ok());
    writeAll(file(QStringLiteral("server.crt")), foreign->certificate);
    writeAll(file(QStringLiteral("server.key")), foreign->privateKey);

    auto second = ensureServerCredentials(dataDir(), options());
    QVERIFY(second.ok());
    QVERIFY(second->servingCertificateIssued);
    QVERIFY(checkIssuedBy(second->serving, first->ca.certificate).ok());
}

void CredentialsTest::caWithoutKey_isAnErrorNamingTheFile()
{
    QVERIFY(ensureServerCredentials(dataDir(), options()).ok());
    const QByteArray caCert = readAll(file(QStringLiteral("ca.crt")));
    QVERIFY(QFile::remove(file(QStringLiteral("ca.key"))));
    auto broken = ensureServerCredentials(dataDir(), options());
    QVERIFY(!broken.ok());
    QVERIFY2(broken.errorMessage().startsWith(file(QStringLiteral("ca.key")) + QStringLiteral(" is missing")),
             qPrintable(broken.errorMessage()));
    QCOMPARE(readAll(file(QStringLiteral("ca.crt"))), caCert); // nothing was replaced

    writeAll(file(QStringLiteral("ca.key")), createCertificateAuthority()->privateKey);
    auto mismatched = ensureServerCredentials(dataDir(), options());
    QVERIFY(!mismatched.ok());
    QVERIFY2(mismatched.errorMessage().contains(QStringLiteral("do not form a CA")),
             qPrintable(mismatched.errorMessage()));
}

void CredentialsTest::deletedKubeconfig_getsNewTokenWhileOldStaysValid()
{
    auto first = ensureServerCredentials(dataDir(), options());
    QVERIFY(first.ok());
    const QString oldToken = client::Kubeconfig::loadFile(first->adminKubeconfigPath)->resolve()->token;
    QVERIFY(QFile::remove(first->adminKubeconfigPath));

    auto second = ensureServerCredentials(dataDir(), options());
    QVERIFY(second.ok());
    QCOMPARE(second->written,
             (QStringList{file(QStringLiteral("tokens.json")), file(QStringLiteral("admin.kubeconfig"))}));
    const QString newToken = client::Kubeconfig::loadFile(second->adminKubeconfigPath)->resolve()->token;
    QVERIFY(newToken != oldToken);
    QCOMPARE(second->tokens->authenticate(newToken)->role, Role::Admin);
    QCOMPARE(second->tokens->authenticate(oldToken)->role, Role::Admin);
}

void CredentialsTest::revokedOrCorruptTokenFiles_areReplaced()
{
    auto first = ensureServerCredentials(dataDir(), options());
    QVERIFY(first.ok());
    const QString viewerToken = client::Kubeconfig::loadFile(first->viewerKubeconfigPath)->resolve()->token;
    QVERIFY(first->tokens->remove(viewerToken.section(u'.', 0, 0)).ok());
    writeAll(first->nodeTokenPath, "garbage\n");

    auto second = ensureServerCredentials(dataDir(), options());
    QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
    QVERIFY(second->written.contains(second->viewerKubeconfigPath));
    QVERIFY(second->written.contains(second->nodeTokenPath));
    const QString newViewer = client::Kubeconfig::loadFile(second->viewerKubeconfigPath)->resolve()->token;
    QCOMPARE(second->tokens->authenticate(newViewer)->role, Role::Viewer);
    auto join = JoinToken::parse(QString::fromLatin1(readAll(second->nodeTokenPath)));
    QVERIFY(join.ok());
    QVERIFY(second->tokens->authenticate(join->bearer())->isJoinToken());
    QCOMPARE(fileMode(second->nodeTokenPath), 0600);
}

void CredentialsTest::looseModes_areTightened()
{
    QVERIFY(ensureServerCredentials(dataDir(), options()).ok());
    const auto loose =
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    for (const QString &name : kFiles)
        QVERIFY(QFile::setPermissions(file(name), loose));
    QVERIFY(QFile::setPermissions(dataDir(),
                                  loose | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther));
    QVERIFY(ensureServerCredentials(dataDir(), options()).ok());
    QCOMPARE(fileMode(dataDir()), 0700);
    for (const QString &name : kFiles)
        QVERIFY2(fileMode(file(name)) == 0600, qPrintable(name));
}

void CredentialsTest::tls_handshakeTrustsTheCaAndChecksHostName()
{
    auto creds = ensureServerCredentials(dataDir(), options());
    QVERIFY(creds.ok());
    auto serverConfig = creds->tlsConfiguration();
    QVERIFY2(serverConfig.ok(), qPrintable(serverConfig.errorMessage()));
    QSslServer server;
    server.setSslConfiguration(*serverConfig);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    // The client trusts the cluster CA and nothing else, and checks the name it dialled: 127.0.0.1.
    QSslSocket client;
    QSslConfiguration clientConfig = QSslConfiguration::defaultConfiguration();
    clientConfig.setCaCertificates(QSslCertificate::fromData(readAll(creds->caCertificatePath)));
    clientConfig.setPeerVerifyMode(QSslSocket::VerifyPeer);
    client.setSslConfiguration(clientConfig);
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
    waitForHandshake(client);

    QVERIFY2(client.isEncrypted(),
             qPrintable(client.sslHandshakeErrors().isEmpty() ? client.errorString()
                                                              : client.sslHandshakeErrors().first().errorString()));
    QVERIFY(client.sslHandshakeErrors().isEmpty());
    QCOMPARE(client.peerCertificate(), *loadCertificate(creds->serving.certificate));
    // The chain ends with the CA, so an agent holding only the join token can take the CA from the
    // handshake and pin it by the token's hash.
    const QList<QSslCertificate> chain = client.peerCertificateChain();
    QVERIFY(!chain.isEmpty());
    QCOMPARE(caHash(chain.last()), creds->caHash);
}

void CredentialsTest::tls_otherCaOrWrongNameIsRejected()
{
    auto creds = ensureServerCredentials(dataDir(), options());
    QVERIFY(creds.ok());
    QSslServer server;
    server.setSslConfiguration(*creds->tlsConfiguration());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    auto otherCa = createCertificateAuthority();
    struct Case {
        QList<QSslCertificate> trusted;
        QString verifyName;
        QSslError::SslError expected;
    };
    const QList<Case> cases{
        // The server sends its chain up to the cluster CA, which this client does not trust.
        {QSslCertificate::fromData(otherCa->certificate), QString(), QSslError::SelfSignedCertificateInChain},
        {QSslCertificate::fromData(creds->ca.certificate), QStringLiteral("evil.example"), QSslError::HostNameMismatch},
    };
    for (const Case &c : cases) {
        QSslSocket client;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(c.trusted);
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        client.setSslConfiguration(config);
        if (!c.verifyName.isEmpty())
            client.setPeerVerifyName(c.verifyName);
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
        waitForHandshake(client);
        QVERIFY(!client.isEncrypted());
        QList<QSslError::SslError> errors;
        for (const QSslError &e : client.sslHandshakeErrors())
            errors << e.error();
        QVERIFY2(errors.contains(c.expected), qPrintable(client.sslHandshakeErrors().value(0).errorString()));
    }
}

void CredentialsTest::kubectl_readsTheWrittenKubeconfig()
{
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty())
        QSKIP("kubectl is not installed");
    auto creds = ensureServerCredentials(dataDir(), options());
    QVERIFY(creds.ok());
    auto jsonpath = [&](const QString &kubeconfig, const QString &path) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir->path());
        env.remove(QStringLiteral("KUBECONFIG"));
        process.setProcessEnvironment(env);
        process.start(kubectl,
                      {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--kubeconfig"), kubeconfig,
                       QStringLiteral("--raw"), QStringLiteral("-o"), QStringLiteral("jsonpath=") + path});
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return QStringLiteral("kubectl failed: ") + QString::fromUtf8(process.readAllStandardError());
        return QString::fromUtf8(process.readAllStandardOutput());
    };
    const auto admin = client::Kubeconfig::loadFile(creds->adminKubeconfigPath)->resolve();
    QCOMPARE(jsonpath(creds->adminKubeconfigPath, QStringLiteral("{.current-context}")), QStringLiteral("tugboat"));
    QCOMPARE(jsonpath(creds->adminKubeconfigPath, QStringLiteral("{.clusters[0].cluster.server}")),
             QStringLiteral("https://127.0.0.1:6443"));
    QCOMPARE(jsonpath(creds->adminKubeconfigPath, QStringLiteral("{.users[0].user.token}")), admin->token);
    QCOMPARE(jsonpath(creds->adminKubeconfigPath, QStringLiteral("{.clusters[0].cluster.certificate-authority-data}")),
             QString::fromLatin1(creds->ca.certificate.toBase64()));
    QCOMPARE(jsonpath(creds->viewerKubeconfigPath, QStringLiteral("{.contexts[0].context.user}")),
             QStringLiteral("tugboat-viewer"));
}

void CredentialsTest::kubectl_trustsTheServingCertificateAndSendsTheToken()
{
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty())
        QSKIP("kubectl is not installed");
    QSslServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    CredentialOptions o = options();
    o.serverUrl = QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort());
    auto creds = ensureServerCredentials(dataDir(), o);
    QVERIFY(creds.ok());
    server.setSslConfiguration(*creds->tlsConfiguration());

    // A one-answer HTTP server: records each request head and answers "ok".
    QList<QByteArray> requests;
    connect(&server, &QSslServer::pendingConnectionAvailable, this, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QIODevice::readyRead, socket, [socket, buffer, &requests] {
                buffer->append(socket->readAll());
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                requests << buffer->left(end);
                buffer->remove(0, end + 4);
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
            });
        }
    });

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir->path());
    process.setProcessEnvironment(env);
    QEventLoop loop;
    connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    process.start(kubectl, {QStringLiteral("--kubeconfig"), creds->adminKubeconfigPath, QStringLiteral("get"),
                            QStringLiteral("--raw"), QStringLiteral("/healthz")});
    loop.exec();
    QCOMPARE(process.state(), QProcess::NotRunning);
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QCOMPARE(process.readAllStandardOutput().trimmed(), QByteArray("ok"));

    const QString token = client::Kubeconfig::loadFile(creds->adminKubeconfigPath)->resolve()->token;
    QVERIFY(!requests.isEmpty());
    QVERIFY2(requests.last().startsWith("GET /healthz HTTP/1.1"), requests.last().constData());
    QVERIFY2(requests.last().contains("Authorization: Bearer " + token.toLatin1()), requests.last().constData());
}

QTEST_GUILESS_MAIN(CredentialsTest)
#include "tst_credentials.moc"
