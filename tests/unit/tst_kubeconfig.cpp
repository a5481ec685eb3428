// kubeconfig files: parsed, merged and resolved by kubectl's rules, written back in kubectl's form,
// with errors that name the file and the entry.
#include "client/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace tugboat;
using namespace tugboat::client;

namespace {

const QByteArray kCaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

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

// Restores an environment variable when the test ends.
class EnvGuard {
public:
    explicit EnvGuard(const char *name)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_value(qgetenv(name))
    {}
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_value);
        else
            qunsetenv(m_name);
    }
    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;

private:
    const char *m_name;
    bool m_had;
    QByteArray m_value;
};

} // namespace

class KubeconfigTest : public QObject {
    Q_OBJECT

private slots:
    void init();
    void parse_readsClustersUsersContexts();
    void parse_emptyFileIsAnEmptyConfig();
    void relativePaths_resolveAgainstTheFilesDirectory();
    void merge_firstFileWinsPerNameAndForCurrentContext();
    void precedence_explicitThenKubeconfigEnvThenHome();
    void load_skipsMissingEnvFilesButNotAnExplicitOne();
    void resolve_readsCertificateAndTokenFiles();
    void resolve_errorsNameTheEntryAndFile_data();
    void resolve_errorsNameTheEntryAndFile();
    void parse_errorsNameTheFileAndPlace_data();
    void parse_errorsNameTheFileAndPlace();
    void write_roundTripsAndIsOwnerOnly();
    void useContext_writesCurrentContextKeepingUnknownFields();
    void useContext_writesToTheFileKubectlWould();
    void useContext_refusesUnknownContext();
    void debugOutput_redactsSecrets();
    void kubectl_readsTheWrittenFile();

private:
    QString write(const QString &relative, const QByteArray &text);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void KubeconfigTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString KubeconfigTest::write(const QString &relative, const QByteArray &text)
{
    const QString path = m_dir->filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(text);
    return path;
}

void KubeconfigTest::parse_readsClustersUsersContexts()
{
    const QByteArray text = "apiVersion: v1\n"
                            "kind: Config\n"
                            "clusters:\n"
                            "- name: prod\n"
                            "  cluster:\n"
                            "    server: https://prod.example:6443\n"
                            "    certificate-authority-data: " +
                            kCaPem.toBase64() +
                            "\n"
                            "    tls-server-name: api.prod\n"
                            "- name: dev\n"
                            "  cluster:\n"
                            "    server: https://dev.example\n"
                            "    insecure-skip-tls-verify: yes\n"
                            "users:\n"
                            "- name: alice\n"
                            "  user:\n"
                            "    token: abcdef.0123456789abcdef\n"
                            "    username: ignored\n"
                            "    password: ignored\n"
                            "contexts:\n"
                            "- name: prod-alice\n"
                            "  context: {cluster: prod, user: alice, namespace: shop}\n"
                            "- name: dev-alice\n"
                            "  context:\n"
                            "    cluster: dev\n"
                            "    user: alice\n"
                            "current-context: prod-alice\n"
                            "preferences: {}\n"
                            "extensions: [{name: x, extension: {a: 1}}]\n";
    auto config = Kubeconfig::parse(text, m_dir->filePath(QStringLiteral("config")));
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    QCOMPARE(config->clusters().size(), 2);
    QCOMPARE(config->cluster(QStringLiteral("prod"))->certificateAuthorityData, kCaPem);
    QCOMPARE(config->cluster(QStringLiteral("prod"))->tlsServerName, QStringLiteral("api.prod"));
    QVERIFY(config->cluster(QStringLiteral("dev"))->insecureSkipTlsVerify);
    QCOMPARE(config->contextNames(), (QStringList{QStringLiteral("prod-alice"), QStringLiteral("dev-alice")}));
    QCOMPARE(config->currentContext(), QStringLiteral("prod-alice"));

    auto prod = config->resolve();
    QVERIFY2(prod.ok(), qPrintable(prod.errorMessage()));
    QCOMPARE(prod->contextName, QStringLiteral("prod-alice"));
    QCOMPARE(prod->server, QStringLiteral("https://prod.example:6443"));
    QCOMPARE(prod->caPem, kCaPem);
    QCOMPARE(prod->tlsServerName, QStringLiteral("api.prod"));
    QCOMPARE(prod->token, QStringLiteral("abcdef.0123456789abcdef"));
    QCOMPARE(prod->namespaceName, QStringLiteral("shop"));
    QVERIFY(!prod->insecureSkipTlsVerify);

    auto dev = config->resolve(QStringLiteral("dev-alice"));
    QVERIFY(dev.ok());
    QVERIFY(dev->insecureSkipTlsVerify);
    QVERIFY(dev->caPem.isEmpty());
    QCOMPARE(dev->namespaceName, QStringLiteral("default"));
}

void KubeconfigTest::parse_emptyFileIsAnEmptyConfig()
{
    for (const QByteArray &text : {QByteArray(), QByteArray("# nothing\n"), QByteArray("---\n")}) {
        auto config = Kubeconfig::parse(text, QStringLiteral("/x/config"));
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QVERIFY(config->contexts().isEmpty());
        QVERIFY(!config->resolve().ok());
    }
}

void KubeconfigTest::relativePaths_resolveAgainstTheFilesDirectory()
{
    write(QStringLiteral("kube/certs/ca.crt"), kCaPem);
    write(QStringLiteral("kube/certs/client.crt"), "CERT");
    write(QStringLiteral("kube/certs/client.key"), "KEY");
    write(QStringLiteral("kube/token"), "  tok.en\n");
    const QString path = write(QStringLiteral("kube/config"), "clusters:\n"
                                                              "- name: c\n"
                                                              "  cluster:\n"
                                                              "    server: https://h\n"
                                                              "    certificate-authority: certs/ca.crt\n"
                                                              "users:\n"
                                                              "- name: cert\n"
                                                              "  user:\n"
                                                              "    client-certificate: ./certs/client.crt\n"
                                                              "    client-key: certs/../certs/client.key\n"
                                                              "- name: file\n"
                                                              "  user:\n"
                                                              "    tokenFile: token\n"
                                                              "contexts:\n"
                                                              "- {name: a, context: {cluster: c, user: cert}}\n"
                                                              "- {name: b, context: {cluster: c, user: file}}\n");
    // Loaded from another working directory: paths still resolve against the file's directory.
    const QString cwd = QDir::currentPath();
    QDir::setCurrent(QDir::rootPath());
    auto config = Kubeconfig::loadFile(path);
    QDir::setCurrent(cwd);
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    QCOMPARE(config->cluster(QStringLiteral("c"))->certificateAuthority,
             m_dir->filePath(QStringLiteral("kube/certs/ca.crt")));
    QCOMPARE(config->user(QStringLiteral("cert"))->clientKey, m_dir->filePath(QStringLiteral("kube/certs/client.key")));
    QCOMPARE(config->user(QStringLiteral("file"))->tokenFile, m_dir->filePath(QStringLiteral("kube/token")));
    auto a = config->resolve(QStringLiteral("a"));
    QVERIFY2(a.ok(), qPrintable(a.errorMessage()));
    QCOMPARE(a->caPem, kCaPem);
    QCOMPARE(a->clientCertificatePem, QByteArray("CERT"));
    QCOMPARE(a->clientKeyPem, QByteArray("KEY"));
    QCOMPARE(config->resolve(QStringLiteral("b"))->token, QStringLiteral("tok.en"));
}

void KubeconfigTest::merge_firstFileWinsPerNameAndForCurrentContext()
{
    const QString first = write(QStringLiteral("one/config"), "clusters:\n"
                                                              "- {name: shared, cluster: {server: https://first}}\n"
                                                              "users:\n"
                                                              "- {name: u, user: {token: first-token}}\n"
                                                              "contexts:\n"
                                                              "- {name: ctx, context: {cluster: shared, user: u}}\n");
    const QString second = write(QStringLiteral("two/config"),
                                 "clusters:\n"
                                 "- {name: shared, cluster: {server: https://second, insecure-skip-tls-verify: true}}\n"
                                 "- {name: only2, cluster: {server: https://only2}}\n"
                                 "users:\n"
                                 "- {name: u, user: {token: second-token}}\n"
                                 "contexts:\n"
                                 "- {name: ctx, context: {cluster: only2}}\n"
                                 "- {name: other, context: {cluster: only2, user: u, namespace: ns2}}\n"
                                 "current-context: other\n");
    const QString third = write(QStringLiteral("three/config"), "current-context: ctx\n");
    auto merged = Kubeconfig::loadMerged({first, second, third});
    QVERIFY2(merged.ok(), qPrintable(merged.errorMessage()));
    // The first file to define a name wins, whole: no field-by-field mixing.
    QCOMPARE(merged->cluster(QStringLiteral("shared"))->server, QStringLiteral("https://first"));
    QVERIFY(!merged->cluster(QStringLiteral("shared"))->insecureSkipTlsVerify);
    QCOMPARE(merged->cluster(QStringLiteral("shared"))->sourceFile, first);
    QCOMPARE(merged->cluster(QStringLiteral("only2"))->sourceFile, second);
    QCOMPARE(merged->user(QStringLiteral("u"))->token, QStringLiteral("first-token"));
    QCOMPARE(merged->context(QStringLiteral("ctx"))->cluster, QStringLiteral("shared"));
    // current-context from the first file that sets it (the second, not the third).
    QCOMPARE(merged->currentContext(), QStringLiteral("other"));
    auto resolved = merged->resolve();
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->server, QStringLiteral("https://only2"));
    QCOMPARE(resolved->token, QStringLiteral("first-token")); // user "u" of the first file
    QCOMPARE(resolved->namespaceName, QStringLiteral("ns2"));
    QCOMPARE(merged->sourceFiles(), (QStringList{first, second, third}));
}

void KubeconfigTest::precedence_explicitThenKubeconfigEnvThenHome()
{
    EnvGuard kubeconfig("KUBECONFIG");
    EnvGuard home("HOME");
    qputenv("HOME", QFile::encodeName(m_dir->path()));
    qputenv("KUBECONFIG", "/a/config::/b/config:/a/config:");
    QCOMPARE(Kubeconfig::loadingPrecedence(), (QStringList{QStringLiteral("/a/config"), QStringLiteral("/b/config")}));
    QCOMPARE(Kubeconfig::loadingPrecedence(QStringLiteral("/explicit")), QStringList{QStringLiteral("/explicit")});
    qunsetenv("KUBECONFIG");
    QCOMPARE(Kubeconfig::loadingPrecedence(), QStringList{m_dir->path() + QStringLiteral("/.kube/config")});
    qputenv("KUBECONFIG", "");
    QCOMPARE(Kubeconfig::loadingPrecedence(), QStringList{m_dir->path() + QStringLiteral("/.kube/config")});
}

void KubeconfigTest::load_skipsMissingEnvFilesButNotAnExplicitOne()
{
    EnvGuard kubeconfig("KUBECONFIG");
    const QString present = write(QStringLiteral("present"), "current-context: here\n"
                                                             "contexts: [{name: here, context: {cluster: c}}]\n");
    const QString missing = m_dir->filePath(QStringLiteral("missing"));
    qputenv("KUBECONFIG", QFile::encodeName(missing + QDir::listSeparator() + present));
    auto merged = Kubeconfig::load();
    QVERIFY2(merged.ok(), qPrintable(merged.errorMessage()));
    QCOMPARE(merged->currentContext(), QStringLiteral("here"));
    QCOMPARE(merged->sourceFiles(), QStringList{present});

    auto explicitMissing = Kubeconfig::load(missing);
    QVERIFY(!explicitMissing.ok());
    QCOMPARE(explicitMissing.error().code(), api::ErrorCode::NotFound);
    QVERIFY2(explicitMissing.errorMessage().contains(missing), qPrintable(explicitMissing.errorMessage()));
}

void KubeconfigTest::resolve_readsCertificateAndTokenFiles()
{
    write(QStringLiteral("ca.crt"), kCaPem);
    const QByteArray text = "clusters: [{name: c, cluster: {server: 'https://h:1', certificate-authority: ca.crt,"
                            " certificate-authority-data: " +
                            QByteArray("OTHER").toBase64() +
                            "}}]\n"
                            "users: [{name: u, user: {token: inline, tokenFile: /nonexistent,"
                            " client-certificate-data: " +
                            QByteArray("C").toBase64() +
                            ","
                            " client-key-data: " +
                            QByteArray("K").toBase64() +
                            "}}]\n"
                            "contexts: [{name: x, context: {cluster: c, user: u}}]\n";
    auto config = Kubeconfig::parse(text, m_dir->filePath(QStringLiteral("config")));
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    auto resolved = config->resolve(QStringLiteral("x"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.errorMessage()));
    QCOMPARE(resolved->caPem, QByteArray("OTHER"));      // data wins over the file
    QCOMPARE(resolved->token, QStringLiteral("inline")); // token wins over tokenFile, which is not read
    QCOMPARE(resolved->clientCertificatePem, QByteArray("C"));
    QCOMPARE(resolved->clientKeyPem, QByteArray("K"));
}

void KubeconfigTest::resolve_errorsNameTheEntryAndFile_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("message"); // %F: the file
    const QByteArray clusters = "clusters: [{name: c, cluster: {server: https://h}}, {name: noserver, cluster: {}}]\n";
    QTest::newRow("no current context")
        << clusters << QString()
        << QStringLiteral("current-context is not set in %F: pass a context or run `config use-context`");
    QTest::newRow("unknown context") << clusters << QStringLiteral("nope")
                                     << QStringLiteral("context \"nope\" not found in %F");
    QTest::newRow("context without cluster")
        << clusters + "contexts: [{name: x, context: {user: u}}]\n"
        << QStringLiteral("x") << QStringLiteral("context \"x\" (in %F) names no cluster");
    QTest::newRow("unknown cluster")
        << clusters + "contexts: [{name: x, context: {cluster: gone}}]\n"
        << QStringLiteral("x")
        << QStringLiteral("context \"x\" (in %F) refers to cluster \"gone\", which is not defined in %F");
    QTest::newRow("cluster without server")
        << clusters + "contexts: [{name: x, context: {cluster: noserver}}]\n"
        << QStringLiteral("x") << QStringLiteral("cluster \"noserver\" (in %F) has no server");
    QTest::newRow("unknown user") << clusters + "contexts: [{name: x, context: {cluster: c, user: bob}}]\n"
                                  << QStringLiteral("x")
                                  << QStringLiteral(
                                         "context \"x\" (in %F) refers to user \"bob\", which is not defined in %F");
    QTest::newRow("missing token file")
        << clusters + "users: [{name: u, user: {tokenFile: /nonexistent/t}}]\n"
                      "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
        << QStringLiteral("x")
        << QStringLiteral("user \"u\" (in %F): cannot read tokenFile /nonexistent/t: no such file");
    QTest::newRow("missing CA file")
        << QByteArray("clusters: [{name: c, cluster: {server: https://h, certificate-authority: /nonexistent/ca}}]\n"
                      "contexts: [{name: x, context: {cluster: c}}]\n")
        << QStringLiteral("x")
        << QStringLiteral("cluster \"c\" (in %F): cannot read certificate-authority /nonexistent/ca: no such file");
    QTest::newRow("certificate without key")
        << clusters + "users: [{name: u, user: {client-certificate-data: Qw==}}]\n"
                      "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
        << QStringLiteral("x")
        << QStringLiteral("user \"u\" (in %F): a client certificate and a client key must be given together");
    QTest::newRow("exec plugin only")
        << clusters + "users: [{name: u, user: {exec: {command: aws}}}]\n"
                      "contexts: [{name: x, context: {cluster: c, user: u}}]\n"
        << QStringLiteral("x")
        << QStringLiteral("user \"u\" (in %F) authenticates with exec, which Tugboat cannot run: give the "
                          "user a token or a client certificate");
    QTest::newRow("insecure with CA")
        << QByteArray("clusters: [{name: c, cluster: {server: https://h, insecure-skip-tls-verify: true, "
                      "certificate-authority-data: Qw==}}]\n"
                      "contexts: [{name: x, context: {cluster: c}}]\n")
        << QStringLiteral("x")
        << QStringLiteral("cluster \"c\" (in %F): a certificate authority and insecure-skip-tls-verify "
                          "cannot both be set (kubectl refuses this too)");
}

void KubeconfigTest::resolve_errorsNameTheEntryAndFile()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, context);
    QFETCH(QString, message);
    const QString path = write(QStringLiteral("config"), text);
    auto config = Kubeconfig::loadFile(path);
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    auto resolved = config->resolve(context);
    QVERIFY(!resolved.ok());
    QCOMPARE(resolved.errorMessage(), message.replace(QStringLiteral("%F"), path));
}

void KubeconfigTest::parse_errorsNameTheFileAndPlace_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message"); // after "<file>"
    QTest::newRow("syntax") << QByteArray("clusters:\n- name: a\n  cluster: [\n") << QStringLiteral(":4:1: ");
    QTest::newRow("top level list") << QByteArray("- a\n")
                                    << QStringLiteral(": not a kubeconfig: the top level must be a mapping");
    QTest::newRow("clusters not a list") << QByteArray("clusters: {a: b}\n")
                                         << QStringLiteral(": clusters: must be a list");
    QTest::newRow("entry not a mapping") << QByteArray("users: [x]\n")
                                         << QStringLiteral(": users[0]: must be a mapping with name and user");
    QTest::newRow("missing name") << QByteArray("contexts: [{context: {cluster: c}}]\n")
                                  << QStringLiteral(": contexts[0].name: Required value");
    QTest::newRow("duplicate name") << QByteArray("clusters: [{name: a, cluster: {}}, {name: a, cluster: {}}]\n")
                                    << QStringLiteral(": clusters[1].name: Duplicate value: \"a\"");
    QTest::newRow("body not a mapping") << QByteArray("clusters: [{name: a, cluster: text}]\n")
                                        << QStringLiteral(": clusters[0].cluster: must be a mapping");
    QTest::newRow("bad base64") << QByteArray("clusters: [{name: a, cluster: {certificate-authority-data: '@@@'}}]\n")
                                << QStringLiteral(": clusters[0].cluster.certificate-authority-data: invalid base64");
    QTest::newRow("quoted boolean")
        << QByteArray("clusters: [{name: a, cluster: {insecure-skip-tls-verify: 'true'}}]\n")
        << QStringLiteral(": clusters[0].cluster.insecure-skip-tls-verify: must be a boolean (true or false)");
    QTest::newRow("mapping as string") << QByteArray("users: [{name: u, user: {token: {a: b}}}]\n")
                                       << QStringLiteral(": users[0].user.token: must be a string");
    QTest::newRow("current-context list")
        << QByteArray("current-context: [a]\n") << QStringLiteral(": current-context: must be a string");
}

void KubeconfigTest::parse_errorsNameTheFileAndPlace()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const QString path = write(QStringLiteral("bad/config"), text);
    auto config = Kubeconfig::loadFile(path);
    QVERIFY(!config.ok());
    QCOMPARE(config.error().code(), api::ErrorCode::BadRequest);
    QVERIFY2(config.errorMessage().startsWith(path + message), qPrintable(config.errorMessage()));
}

void KubeconfigTest::write_roundTripsAndIsOwnerOnly()
{
    Kubeconfig config;
    config.setCluster({QStringLiteral("c"), QStringLiteral("https://127.0.0.1:6443"), QString(), kCaPem, false,
                       QStringLiteral("kubernetes"), QString()});
    config.setCluster(
        {QStringLiteral("lab"), QStringLiteral("https://lab"), QString(), QByteArray(), true, QString(), QString()});
    KubeconfigUser user;
    user.name = QStringLiteral("admin");
    user.token = QStringLiteral("abcdef.0123456789abcdef");
    config.setUser(user);
    config.setContext(
        {QStringLiteral("main"), QStringLiteral("c"), QStringLiteral("admin"), QStringLiteral("apps"), QString()});
    config.setCurrentContext(QStringLiteral("main"));

    const QString path = m_dir->filePath(QStringLiteral("new/dir/config"));
    QVERIFY(config.save(path).ok());
    QCOMPARE(fileMode(path), 0600);
    const QByteArray text = readAll(path);
    QVERIFY2(text.startsWith("apiVersion: v1\nclusters:\n- cluster:\n"),
             text.constData()); // kubectl's layout
    QVERIFY(text.contains("certificate-authority-data: " + kCaPem.toBase64()));
    QVERIFY(text.contains("insecure-skip-tls-verify: true"));

    auto back = Kubeconfig::loadFile(path);
    QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
    auto resolved = back->resolve();
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->server, QStringLiteral("https://127.0.0.1:6443"));
    QCOMPARE(resolved->caPem, kCaPem);
    QCOMPARE(resolved->tlsServerName, QStringLiteral("kubernetes"));
    QCOMPARE(resolved->token, user.token);
    QCOMPARE(resolved->namespaceName, QStringLiteral("apps"));
    QVERIFY(back->cluster(QStringLiteral("lab"))->insecureSkipTlsVerify);

    // Entries are replaced by name.
    config.setCluster(
        {QStringLiteral("c"), QStringLiteral("https://moved"), QString(), kCaPem, false, QString(), QString()});
    QCOMPARE(config.clusters().size(), 2);
    QCOMPARE(config.cluster(QStringLiteral("c"))->server, QStringLiteral("https://moved"));
}

void KubeconfigTest::useContext_writesCurrentContextKeepingUnknownFields()
{
    const QString path =
        write(QStringLiteral("config"),
              "apiVersion: v1\n"
              "kind: Config\n"
              "clusters: [{name: c, cluster: {server: https://h, insecure-skip-tls-verify: true}}]\n"
              "users:\n"
              "- name: eks\n"
              "  user:\n"
              "    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws,"
              " args: [eks, get-token], provideClusterInfo: false}\n"
              "contexts: [{name: a, context: {cluster: c}}, {name: b, context: {cluster: c, user: eks}}]\n"
              "current-context: a\n"
              "extensions: [{name: mine, extension: {port: '8080', count: 3}}]\n");
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    auto written = Kubeconfig::useContext(QStringLiteral("b"), path);
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, path);
    QCOMPARE(fileMode(path), 0600);
    const QByteArray text = readAll(path);
    QVERIFY2(text.contains("current-context: b\n"), text.constData());
    QVERIFY2(text.contains("command: aws"), text.constData());
    QVERIFY2(text.contains("provideClusterInfo: false"), text.constData()); // still a boolean
    QVERIFY2(text.contains("port: \"8080\""), text.constData());            // still a string
    QVERIFY2(text.contains("count: 3"), text.constData());
    QCOMPARE(Kubeconfig::loadFile(path)->currentContext(), QStringLiteral("b"));
}

void KubeconfigTest::useContext_writesToTheFileKubectlWould()
{
    EnvGuard kubeconfig("KUBECONFIG");
    const QString first = write(QStringLiteral("first"), "contexts: [{name: a, context: {cluster: c}}]\n");
    const QString second = write(QStringLiteral("second"), "contexts: [{name: b, context: {cluster: c}}]\n"
                                                           "current-context: b\n");
    qputenv("KUBECONFIG", QFile::encodeName(first + QDir::listSeparator() + second));
    // The first file that sets current-context receives it, even for a context defined elsewhere.
    auto written = Kubeconfig::useContext(QStringLiteral("a"));
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    QCOMPARE(*written, second);
    QCOMPARE(Kubeconfig::load()->currentContext(), QStringLiteral("a"));
    QVERIFY(!readAll(first).contains("current-context"));

    // No file sets one: the first existing file of $KUBECONFIG.
    const QString none = write(QStringLiteral("none"), "contexts: [{name: z, context: {cluster: c}}]\n");
    const QString absent = m_dir->filePath(QStringLiteral("absent"));
    qputenv("KUBECONFIG", QFile::encodeName(absent + QDir::listSeparator() + none));
    QCOMPARE(*Kubeconfig::useContext(QStringLiteral("z")), none);
}

void KubeconfigTest::useContext_refusesUnknownContext()
{
    const QString path = write(QStringLiteral("config"), "contexts: [{name: a, context: {cluster: c}}]\n");
    const QByteArray before = readAll(path);
    auto written = Kubeconfig::useContext(QStringLiteral("nope"), path);
    QVERIFY(!written.ok());
    QCOMPARE(written.errorMessage(), QStringLiteral("no context exists with the name: \"nope\""));
    QCOMPARE(readAll(path), before);
}

void KubeconfigTest::debugOutput_redactsSecrets()
{
    ClientConfig config;
    config.server = QStringLiteral("https://h");
    config.token = QStringLiteral("abcdef.verysecretvalue");
    config.clientKeyPem = "-----BEGIN EC PRIVATE KEY-----secret";
    QString text;
    QDebug(&text) << config;
    QVERIFY2(!text.contains(QStringLiteral("verysecretvalue")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("PRIVATE")));
    QVERIFY(text.contains(QStringLiteral("https://h")));
    KubeconfigUser user;
    user.token = config.token;
    text.clear();
    QDebug(&text) << user;
    QVERIFY2(!text.contains(QStringLiteral("verysecretvalue")), qPrintable(text));
}

void KubeconfigTest::kubectl_readsTheWrittenFile()
{
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty())
        QSKIP("kubectl is not installed");
    Kubeconfig config;
    config.setCluster({QStringLiteral("c"), QStringLiteral("https://127.0.0.1:6443"), QString(), kCaPem, false,
                       QString(), QString()});
    KubeconfigUser user;
    user.name = QStringLiteral("u");
    user.token = QStringLiteral("abcdef.0123456789abcdef");
    config.setUser(user);
    config.setContext(
        {QStringLiteral("ctx"), QStringLiteral("c"), QStringLiteral("u"), QStringLiteral("ns"), QString()});
    config.setCurrentContext(QStringLiteral("ctx"));
    const QString path = m_dir->filePath(QStringLiteral("kc"));
    QVERIFY(config.save(path).ok());

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir->path());
    process.setProcessEnvironment(env);
    process.start(kubectl, {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--kubeconfig"), path,
                            QStringLiteral("--raw"), QStringLiteral("--minify"), QStringLiteral("-o"),
                            QStringLiteral("jsonpath={.contexts[0].context.namespace} {.users[0].user.token} "
                                           "{.clusters[0].cluster.server}")});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()),
             QStringLiteral("ns abcdef.0123456789abcdef https://127.0.0.1:6443"));
}

QTEST_GUILESS_MAIN(KubeconfigTest)
#include "tst_kubeconfig.moc"
