#include "credentials.h"

#include "api/yamlreader.h"
#include "api/yamlwriter.h"
#include "securefiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>

namespace tugboat::apiserver {

using api::Error;
using api::ErrorCode;
using api::Result;

Q_LOGGING_CATEGORY(lcCredentials, "tugboat.apiserver.credentials")

namespace {

struct Paths {
    QString dir;
    QString caCert, caKey, servingCert, servingKey, tokens, nodeToken, adminKubeconfig, viewerKubeconfig;

    explicit Paths(const QString &dataDir)
        : dir(QDir(dataDir).absolutePath())
    {
        const QDir d(dir);
        caCert = d.filePath(QStringLiteral("ca.crt"));
        caKey = d.filePath(QStringLiteral("ca.key"));
        servingCert = d.filePath(QStringLiteral("server.crt"));
        servingKey = d.filePath(QStringLiteral("server.key"));
        tokens = d.filePath(QStringLiteral("tokens.json"));
        nodeToken = d.filePath(QStringLiteral("node-token"));
        adminKubeconfig = d.filePath(QStringLiteral("admin.kubeconfig"));
        viewerKubeconfig = d.filePath(QStringLiteral("viewer.kubeconfig"));
    }
};

// What one call does, threaded through the steps below.
struct Run {
    const Paths &paths;
    const CredentialOptions &options;
    const api::Clock &clock;
    ServerCredentials &out;

    Result<void> write(const QString &path, const QByteArray &data)
    {
        if (auto written = writePrivateFile(path, data); !written)
            return written;
        out.written << path;
        return {};
    }

    Result<IssuedToken> createToken(const TokenSpec &spec)
    {
        auto issued = out.tokens->create(spec);
        if (issued && !out.written.contains(paths.tokens))
            out.written << paths.tokens;
        return issued;
    }
};

Result<PemPair> readPair(const QString &certPath, const QString &keyPath)
{
    auto cert = readSmallFile(certPath);
    if (!cert)
        return cert.error();
    auto key = readSmallFile(keyPath);
    if (!key)
        return key.error();
    for (const QString &path : {certPath, keyPath}) {
        if (auto restricted = restrictToOwner(path); !restricted)
            return restricted.error();
    }
    return PemPair{*cert, *key};
}

Result<PemPair> ensureCa(Run &run)
{
    const Paths &p = run.paths;
    const bool haveCert = QFile::exists(p.caCert);
    const bool haveKey = QFile::exists(p.caKey);
    if (haveCert != haveKey) {
        const QString present = haveCert ? p.caCert : p.caKey;
        const QString missing = haveCert ? p.caKey : p.caCert;
        return Error(ErrorCode::Internal,
                     QStringLiteral("%1 is missing but %2 exists: restore it from a backup, or remove %2 to make "
                                    "a new CA (every agent must then join again)")
                         .arg(missing, present));
    }
    if (haveCert) {
        auto ca = readPair(p.caCert, p.caKey);
        if (!ca)
            return ca.error();
        if (auto matching = checkKeyPair(*ca); !matching)
            return Error(
                ErrorCode::Internal,
                QStringLiteral("%1 and %2 do not form a CA: %3").arg(p.caCert, p.caKey, matching.errorMessage()));
        return ca;
    }
    CaOptions caOptions;
    caOptions.clock = &run.clock;
    auto ca = createCertificateAuthority(caOptions);
    if (!ca)
        return ca.error();
    // The key first: a crash in between leaves a key without a certificate, which the next start reports.
    if (auto written = run.write(p.caKey, ca->privateKey); !written)
        return written.error();
    if (auto written = run.write(p.caCert, ca->certificate); !written)
        return written.error();
    qCInfo(lcCredentials) << "created the cluster CA in" << p.caCert;
    return ca;
}

// Why the serving certificate on disk cannot be kept; empty when it can.
QString servingProblem(const PemPair &serving, const PemPair &ca, const QStringList &dnsNames,
                       const QList<QHostAddress> &ips, const api::Clock &clock)
{
    if (auto issued = checkIssuedBy(serving, ca.certificate); !issued)
        return issued.errorMessage();
    auto cert = loadCertificate(serving.certificate);
    if (!cert)
        return cert.errorMessage();
    if (!coversNames(*cert, dnsNames, ips))
        return QStringLiteral("it does not name every requested DNS name and IP address");
    if (cert->expiryDate() <= clock.now().addDays(kServingRenewalDays))
        return QStringLiteral("it expires on %1").arg(api::formatTimestamp(cert->expiryDate()));
    return {};
}

Result<PemPair> ensureServing(Run &run, const PemPair &ca)
{
    const Paths &p = run.paths;
    QStringList dnsNames = defaultServingDnsNames();
    for (const QString &name : run.options.dnsNames) {
        if (!dnsNames.contains(name, Qt::CaseInsensitive))
            dnsNames << name.toLower();
    }
    QList<QHostAddress> ips = defaultServingIpAddresses();
    for (const QHostAddress &ip : run.options.ipAddresses) {
        if (!ips.contains(ip))
            ips << ip;
    }

    if (QFile::exists(p.servingCert) && QFile::exists(p.servingKey)) {
        auto serving = readPair(p.servingCert, p.servingKey);
        if (!serving)
            return serving.error();
        const QString problem = servingProblem(*serving, ca, dnsNames, ips, run.clock);
        if (problem.isEmpty())
            return serving;
        qCInfo(lcCredentials) << "re-issuing the serving certificate" << p.servingCert << "because" << problem;
    }
    ServingCertificateOptions servingOptions;
    servingOptions.dnsNames = dnsNames;
    servingOptions.ipAddresses = ips;
    servingOptions.clock = &run.clock;
    auto serving = issueServingCertificate(ca, servingOptions);
    if (!serving)
        return serving.error();
    if (auto written = run.write(p.servingKey, serving->privateKey); !written)
        return written.error();
    if (auto written = run.write(p.servingCert, serving->certificate); !written)
        return written.error();
    run.out.servingCertificateIssued = true;
    return serving;
}

// A token file's secret is valid when it still authenticates with the expected role.
bool authenticatesAs(const TokenStore &store, const QString &bearer, Role role, bool joinToken)
{
    auto identity = store.authenticate(bearer);
    return identity && identity->role == role && identity->isJoinToken() == joinToken;
}

Result<void> ensureNodeToken(Run &run)
{
    const QString &path = run.paths.nodeToken;
    TokenStore &store = *run.out.tokens;
    std::optional<JoinToken> current;
    if (auto text = readSmallFile(path, 4096)) {
        auto parsed = JoinToken::parse(QString::fromUtf8(*text));
        if (parsed && authenticatesAs(store, parsed->bearer(), Role::Node, true))
            current = *parsed;
        else
            qCWarning(lcCredentials) << path << "holds no valid join token; issuing a new one";
    }
    bool rewrite = false;
    if (!current) {
        auto issued = run.createToken(
            {Role::Node, QString(), QStringLiteral("node join token (node-token)"), std::chrono::milliseconds(0)});
        if (!issued)
            return issued.error();
        current = JoinToken::fromIssued(run.out.caHash, *issued);
        rewrite = true;
    }
    if (current->caHash != run.out.caHash) {
        current->caHash = run.out.caHash;
        rewrite = true;
    }
    if (!rewrite)
        return restrictToOwner(path);
    return run.write(path, current->toString().toUtf8() + '\n');
}

QJsonObject kubeconfigJson(const QString &cluster, const QString &user, const QString &context,
                           const QString &serverUrl, const QByteArray &caPem, const QString &token)
{
    const QJsonObject clusterEntry{
        {QStringLiteral("name"), cluster},
        {QStringLiteral("cluster"),
         QJsonObject{{QStringLiteral("server"), serverUrl},
                     {QStringLiteral("certificate-authority-data"), QString::fromLatin1(caPem.toBase64())}}}};
    const QJsonObject userEntry{{QStringLiteral("name"), user},
                                {QStringLiteral("user"), QJsonObject{{QStringLiteral("token"), token}}}};
    const QJsonObject contextEntry{
        {QStringLiteral("name"), context},
        {QStringLiteral("context"), QJsonObject{{QStringLiteral("cluster"), cluster}, {QStringLiteral("user"), user}}}};
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},   {QStringLiteral("kind"), QStringLiteral("Config")},
        {QStringLiteral("clusters"), QJsonArray{clusterEntry}}, {QStringLiteral("users"), QJsonArray{userEntry}},
        {QStringLiteral("contexts"), QJsonArray{contextEntry}}, {QStringLiteral("current-context"), context},
        {QStringLiteral("preferences"), QJsonObject()}};
}

// The kubeconfig at `path` as JSON, or an empty object when it is missing or unreadable.
QJsonObject readKubeconfigJson(const QString &path)
{
    auto text = readSmallFile(path);
    if (!text)
        return {};
    auto value = api::YamlReader::read(*text, path);
    if (!value || !value->isObject()) {
        qCWarning(lcCredentials) << "cannot read" << path << value.errorMessage() << "- rewriting it";
        return {};
    }
    return value->toObject();
}

QString firstUserToken(const QJsonObject &kubeconfig)
{
    const QJsonArray users = kubeconfig.value(QLatin1String("users")).toArray();
    if (users.isEmpty())
        return {};
    return users.first().toObject().value(QLatin1String("user")).toObject().value(QLatin1String("token")).toString();
}

Result<void> ensureKubeconfig(Run &run, const QString &path, Role role)
{
    TokenStore &store = *run.out.tokens;
    const QJsonObject existing = readKubeconfigJson(path);
    QString token = firstUserToken(existing);
    if (!token.isEmpty() && !authenticatesAs(store, token, role, false)) {
        qCWarning(lcCredentials) << "the token in" << path << "is no longer valid; issuing a new one";
        token.clear();
    }
    if (token.isEmpty()) {
        const QString description = QStringLiteral("%1 kubeconfig").arg(roleName(role));
        auto issued = run.createToken({role, QString(), description, std::chrono::milliseconds(0)});
        if (!issued)
            return issued.error();
        token = issued->bearer();
    }
    const QString cluster = run.options.clusterName;
    const bool admin = role == Role::Admin;
    const QString user = cluster + (admin ? QStringLiteral("-admin") : QStringLiteral("-viewer"));
    const QString context = admin ? cluster : cluster + QStringLiteral("-viewer");
    const QJsonObject wanted = kubeconfigJson(cluster, user, context, run.out.serverUrl, run.out.ca.certificate, token);
    if (wanted == existing)
        return restrictToOwner(path);
    return run.write(path, api::YamlWriter::write(wanted));
}

} // namespace

Result<QSslConfiguration> ServerCredentials::tlsConfiguration(bool requestClientCertificates) const
{
    return serverTlsConfiguration(serving, ca.certificate, requestClientCertificates);
}

Result<ServerCredentials> ensureServerCredentials(const QString &dataDir, const CredentialOptions &options)
{
    if (dataDir.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("no data dir given"));
    if (options.serverUrl.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("no server URL given for the kubeconfigs"));
    const Paths paths(dataDir);
    if (auto dir = ensurePrivateDirectory(paths.dir); !dir)
        return dir.error();

    const api::Clock &clock = options.clock ? *options.clock : api::Clock::system();
    ServerCredentials out;
    out.dataDir = paths.dir;
    out.serverUrl = options.serverUrl;
    out.caCertificatePath = paths.caCert;
    out.nodeTokenPath = paths.nodeToken;
    out.adminKubeconfigPath = paths.adminKubeconfig;
    out.viewerKubeconfigPath = paths.viewerKubeconfig;
    Run run{paths, options, clock, out};

    auto ca = ensureCa(run);
    if (!ca)
        return ca.error();
    out.ca = *ca;
    out.caHash = caHash(out.ca.certificate);
    auto serving = ensureServing(run, out.ca);
    if (!serving)
        return serving.error();
    out.serving = *serving;

    auto tokens = TokenStore::open(paths.tokens, clock);
    if (!tokens)
        return tokens.error();
    out.tokens = *tokens;
    if (auto nodeToken = ensureNodeToken(run); !nodeToken)
        return nodeToken.error();
    if (auto admin = ensureKubeconfig(run, paths.adminKubeconfig, Role::Admin); !admin)
        return admin.error();
    if (auto viewer = ensureKubeconfig(run, paths.viewerKubeconfig, Role::Viewer); !viewer)
        return viewer.error();
    if (QFile::exists(paths.tokens)) {
        if (auto restricted = restrictToOwner(paths.tokens); !restricted)
            return restricted.error();
    }
    return out;
}

} // namespace tugboat::apiserver
