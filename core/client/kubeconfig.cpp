#include "kubeconfig.h"

#include "api/yamlreader.h"
#include "api/yamlwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>
#include <functional>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace tugboat::client {

using api::Error;
using api::ErrorCode;
using api::Result;

namespace {

constexpr qint64 kMaxFileBytes = 32 * 1024 * 1024;
const QString kRedacted = QStringLiteral("<redacted>");

// The file's contents; the error message says why without naming the file (callers do).
Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Error(ErrorCode::NotFound, QStringLiteral("no such file"));
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::BadRequest, file.errorString());
    QByteArray data = file.read(kMaxFileBytes + 1);
    if (data.size() > kMaxFileBytes)
        return Error(ErrorCode::RequestTooLarge, QStringLiteral("larger than %1 bytes").arg(kMaxFileBytes));
    return data;
}

Result<void> writeOwnerOnly(const QString &path, const QByteArray &data)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir))
        return Error(ErrorCode::Internal, QStringLiteral("cannot create directory %1").arg(dir));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(data) != data.size() || !file.commit())
        return Error(ErrorCode::Internal, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

// Reads one file's YAML into the model. Every error is prefixed with the file's name.
class Parser {
public:
    Parser(QString displayName, QString baseDir)
        : m_file(std::move(displayName))
        , m_baseDir(std::move(baseDir))
    {}

    Result<Kubeconfig> parse(const QByteArray &yaml, const QString &sourceFile)
    {
        try {
            const YAML::Node root = YAML::Load(yaml.toStdString());
            Kubeconfig config;
            if (!root || root.IsNull())
                return config;
            if (!root.IsMap())
                return fail(QStringLiteral("not a kubeconfig: the top level must be a mapping"));
            if (auto ok = parseInto(root, sourceFile, config); !ok)
                return ok.error();
            return config;
        } catch (const YAML::Exception &e) {
            const QString message = QString::fromStdString(e.msg);
            if (e.mark.is_null())
                return Error(ErrorCode::BadRequest, QStringLiteral("%1: %2").arg(m_file, message));
            return Error(
                ErrorCode::BadRequest,
                QStringLiteral("%1:%2:%3: %4").arg(m_file).arg(e.mark.line + 1).arg(e.mark.column + 1).arg(message));
        }
    }

private:
    Error fail(const QString &what) const
    {
        return Error(ErrorCode::BadRequest, QStringLiteral("%1: %2").arg(m_file, what));
    }
    Error fail(const QString &where, const QString &what) const { return fail(where + QStringLiteral(": ") + what); }

    Result<QString> string(const YAML::Node &node, const QString &where) const
    {
        if (!node || node.IsNull())
            return QString();
        if (!node.IsScalar())
            return fail(where, QStringLiteral("must be a string"));
        return QString::fromStdString(node.Scalar());
    }

    // A YAML 1.1 boolean as go-yaml reads it (true, yes, on, y, ... in three spellings); quoted text is
    // a string, which kubectl refuses for a boolean field.
    Result<bool> boolean(const YAML::Node &node, const QString &where) const
    {
        if (!node || node.IsNull())
            return false;
        const std::string &text = node.IsScalar() ? node.Scalar() : std::string();
        if (node.IsScalar() && node.Tag() != "!" &&
            api::YamlReader::plainScalarType(QByteArrayView(text.data(), qsizetype(text.size()))) ==
                api::YamlReader::ScalarType::Bool) {
            const QString lower = QString::fromStdString(text).toLower();
            return lower == QLatin1String("true") || lower == QLatin1String("yes") || lower == QLatin1String("on") ||
                   lower == QLatin1String("y");
        }
        return fail(where, QStringLiteral("must be a boolean (true or false)"));
    }

    Result<QByteArray> base64(const YAML::Node &node, const QString &where) const
    {
        auto text = string(node, where);
        if (!text)
            return text.error();
        QByteArray encoded = text->toLatin1();
        encoded.replace('\n', QByteArray()).replace('\r', QByteArray());
        auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(where, QStringLiteral("invalid base64"));
        return *decoded;
    }

    QString path(const QString &value) const
    {
        if (value.isEmpty() || QDir::isAbsolutePath(value))
            return value;
        return QDir::cleanPath(QDir(m_baseDir).absoluteFilePath(value));
    }

    // Walks `key`: [{name: N, <body>: {...}}], calling `entry` with each body; names must be unique.
    Result<void>
    namedList(const YAML::Node &root, const char *key, const char *body,
              const std::function<Result<void>(const YAML::Node &, const QString &, const QString &)> &entry) const
    {
        const YAML::Node list = root[key];
        const QString listName = QLatin1String(key);
        if (!list || list.IsNull())
            return {};
        if (!list.IsSequence())
            return fail(listName, QStringLiteral("must be a list"));
        QStringList seen;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const QString where = QStringLiteral("%1[%2]").arg(listName).arg(i);
            const YAML::Node item = list[i];
            if (!item.IsMap())
                return fail(where, QStringLiteral("must be a mapping with name and %1").arg(QLatin1String(body)));
            auto name = string(item["name"], where + QStringLiteral(".name"));
            if (!name)
                return name.error();
            if (name->isEmpty())
                return fail(where + QStringLiteral(".name"), QStringLiteral("Required value"));
            if (seen.contains(*name))
                return fail(where + QStringLiteral(".name"), QStringLiteral("Duplicate value: \"%1\"").arg(*name));
            seen << *name;
            const YAML::Node content = item[body];
            const QString bodyWhere = where + QLatin1Char('.') + QLatin1String(body);
            if (content && !content.IsNull() && !content.IsMap())
                return fail(bodyWhere, QStringLiteral("must be a mapping"));
            if (auto ok =
                    entry(content && content.IsMap() ? content : YAML::Node(YAML::NodeType::Map), bodyWhere, *name);
                !ok)
                return ok;
        }
        return {};
    }

    Result<void> parseInto(const YAML::Node &root, const QString &sourceFile, Kubeconfig &config) const
    {
        auto current = string(root["current-context"], QStringLiteral("current-context"));
        if (!current)
            return current.error();
        config.setCurrentContext(*current);
        using Entry = const YAML::Node &;
        using Text = const QString &;
        auto clusters = namedList(root, "clusters", "cluster", [&](Entry n, Text where, Text name) {
            return readCluster(n, where, name, sourceFile, config);
        });
        if (!clusters)
            return clusters;
        auto users = namedList(root, "users", "user", [&](Entry n, Text where, Text name) {
            return readUser(n, where, name, sourceFile, config);
        });
        if (!users)
            return users;
        return namedList(root, "contexts", "context", [&](Entry n, Text where, Text name) {
            return readContext(n, where, name, sourceFile, config);
        });
    }

    Result<void> readCluster(const YAML::Node &n, const QString &where, const QString &name, const QString &sourceFile,
                             Kubeconfig &config) const
    {
        Fields f{*this, n, where, std::nullopt};
        KubeconfigCluster c;
        c.name = name;
        c.sourceFile = sourceFile;
        c.server = f.string("server");
        c.certificateAuthority = path(f.string("certificate-authority"));
        c.certificateAuthorityData = f.base64("certificate-authority-data");
        c.insecureSkipTlsVerify = f.boolean("insecure-skip-tls-verify");
        c.tlsServerName = f.string("tls-server-name");
        if (f.error)
            return *f.error;
        config.setCluster(c);
        return {};
    }

    Result<void> readUser(const YAML::Node &n, const QString &where, const QString &name, const QString &sourceFile,
                          Kubeconfig &config) const
    {
        Fields f{*this, n, where, std::nullopt};
        KubeconfigUser u;
        u.name = name;
        u.sourceFile = sourceFile;
        u.token = f.string("token");
        u.tokenFile = path(f.string("tokenFile"));
        u.clientCertificate = path(f.string("client-certificate"));
        u.clientCertificateData = f.base64("client-certificate-data");
        u.clientKey = path(f.string("client-key"));
        u.clientKeyData = f.base64("client-key-data");
        if (f.error)
            return *f.error;
        if (n["exec"] && !n["exec"].IsNull())
            u.unsupportedAuth = QStringLiteral("exec");
        else if (n["auth-provider"] && !n["auth-provider"].IsNull())
            u.unsupportedAuth = QStringLiteral("auth-provider");
        config.setUser(u);
        return {};
    }

    Result<void> readContext(const YAML::Node &n, const QString &where, const QString &name, const QString &sourceFile,
                             Kubeconfig &config) const
    {
        Fields f{*this, n, where, std::nullopt};
        KubeconfigContext c;
        c.name = name;
        c.sourceFile = sourceFile;
        c.cluster = f.string("cluster");
        c.user = f.string("user");
        c.namespaceName = f.string("namespace");
        if (f.error)
            return *f.error;
        config.setContext(c);
        return {};
    }

    // Reads the fields of one entry, keeping the first error (later reads then return defaults).
    struct Fields {
        const Parser &parser;
        const YAML::Node &node;
        QString where;
        std::optional<Error> error;

        template <typename T, typename Read> T read(const char *key, Read readField)
        {
            if (error)
                return T();
            Result<T> value = readField(node[key], where + QLatin1Char('.') + QLatin1String(key));
            if (!value) {
                error = value.error();
                return T();
            }
            return *value;
        }
        QString string(const char *key)
        {
            return read<QString>(key, [&](const YAML::Node &n, const QString &w) { return parser.string(n, w); });
        }
        QByteArray base64(const char *key)
        {
            return read<QByteArray>(key, [&](const YAML::Node &n, const QString &w) { return parser.base64(n, w); });
        }
        bool boolean(const char *key)
        {
            return read<bool>(key, [&](const YAML::Node &n, const QString &w) { return parser.boolean(n, w); });
        }
    };

    QString m_file;
    QString m_baseDir;
};

template <typename T> const T *findByName(const QList<T> &list, const QString &name)
{
    for (const T &item : list) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}

template <typename T> void replaceByName(QList<T> &list, const T &entry)
{
    for (T &item : list) {
        if (item.name == entry.name) {
            item = entry;
            return;
        }
    }
    list.append(entry);
}

// " (in FILE)" for entries that came from a file.
QString in(const QString &sourceFile)
{
    return sourceFile.isEmpty() ? QString() : QStringLiteral(" (in %1)").arg(sourceFile);
}

// The file at `path`, or `data` when set; errors name `what` and its owner.
Result<QByteArray> dataOrFile(const QByteArray &data, const QString &path, const QString &owner, const char *what)
{
    if (!data.isEmpty() || path.isEmpty())
        return data;
    auto contents = readFile(path);
    if (!contents)
        return Error(
            ErrorCode::BadRequest,
            QStringLiteral("%1: cannot read %2 %3: %4").arg(owner, QLatin1String(what), path, contents.errorMessage()));
    return contents;
}

void insertIfSet(QJsonObject &o, const char *key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

void insertIfSet(QJsonObject &o, const char *key, const QByteArray &data)
{
    if (!data.isEmpty())
        o.insert(QLatin1String(key), QString::fromLatin1(data.toBase64()));
}

QJsonObject named(const QString &name, const char *bodyKey, const QJsonObject &body)
{
    return QJsonObject{{QStringLiteral("name"), name}, {QLatin1String(bodyKey), body}};
}

} // namespace

QDebug operator<<(QDebug debug, const KubeconfigUser &user)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "KubeconfigUser(name=" << user.name
                    << ", token=" << (user.token.isEmpty() ? QString() : kRedacted) << ", tokenFile=" << user.tokenFile
                    << ", clientCertificate=" << user.clientCertificate << ", clientKey=" << user.clientKey
                    << ", clientKeyData=" << (user.clientKeyData.isEmpty() ? QString() : kRedacted) << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const ClientConfig &config)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "ClientConfig(context=" << config.contextName << ", server=" << config.server
                    << ", ca=" << (config.caPem.isEmpty() ? "system" : "given")
                    << ", insecure=" << config.insecureSkipTlsVerify << ", namespace=" << config.namespaceName
                    << ", token=" << (config.token.isEmpty() ? QString() : kRedacted)
                    << ", clientKey=" << (config.clientKeyPem.isEmpty() ? QString() : kRedacted) << ')';
    return debug;
}

Result<Kubeconfig> Kubeconfig::parse(const QByteArray &yaml, const QString &sourceFile)
{
    const QString baseDir = sourceFile.isEmpty() ? QDir::currentPath() : QFileInfo(sourceFile).absolutePath();
    Parser parser(sourceFile.isEmpty() ? QStringLiteral("<kubeconfig>") : sourceFile, baseDir);
    auto config = parser.parse(yaml, sourceFile);
    if (config && !sourceFile.isEmpty())
        config->m_sourceFiles = {sourceFile};
    return config;
}

Result<Kubeconfig> Kubeconfig::loadFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    auto text = readFile(absolute);
    if (!text)
        return Error(text.error().code(), QStringLiteral("%1: %2").arg(absolute, text.errorMessage()));
    return parse(*text, absolute);
}

Result<Kubeconfig> Kubeconfig::loadMerged(const QStringList &paths)
{
    Kubeconfig merged;
    for (const QString &path : paths) {
        if (!QFileInfo::exists(path))
            continue;
        auto one = loadFile(path);
        if (!one)
            return one.error();
        merged.mergeFrom(*one);
    }
    return merged;
}

QStringList Kubeconfig::loadingPrecedence(const QString &explicitPath)
{
    if (!explicitPath.isEmpty())
        return {explicitPath};
    const QString env = qEnvironmentVariable("KUBECONFIG");
    if (!env.isEmpty()) {
        QStringList files;
        for (const QString &file : env.split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
            if (!files.contains(file))
                files << file;
        }
        if (!files.isEmpty())
            return files;
    }
    return {QDir::homePath() + QStringLiteral("/.kube/config")};
}

Result<Kubeconfig> Kubeconfig::load(const QString &explicitPath)
{
    if (!explicitPath.isEmpty())
        return loadFile(explicitPath);
    return loadMerged(loadingPrecedence());
}

void Kubeconfig::mergeFrom(const Kubeconfig &other)
{
    for (const KubeconfigCluster &c : other.m_clusters) {
        if (!cluster(c.name))
            m_clusters.append(c);
    }
    for (const KubeconfigUser &u : other.m_users) {
        if (!user(u.name))
            m_users.append(u);
    }
    for (const KubeconfigContext &c : other.m_contexts) {
        if (!context(c.name))
            m_contexts.append(c);
    }
    if (m_currentContext.isEmpty())
        m_currentContext = other.m_currentContext;
    m_sourceFiles += other.m_sourceFiles;
}

const KubeconfigCluster *Kubeconfig::cluster(const QString &name) const
{
    return findByName(m_clusters, name);
}

const KubeconfigUser *Kubeconfig::user(const QString &name) const
{
    return findByName(m_users, name);
}

const KubeconfigContext *Kubeconfig::context(const QString &name) const
{
    return findByName(m_contexts, name);
}

QStringList Kubeconfig::contextNames() const
{
    QStringList names;
    for (const KubeconfigContext &c : m_contexts)
        names << c.name;
    return names;
}

void Kubeconfig::setCluster(const KubeconfigCluster &cluster)
{
    replaceByName(m_clusters, cluster);
}

void Kubeconfig::setUser(const KubeconfigUser &user)
{
    replaceByName(m_users, user);
}

void Kubeconfig::setContext(const KubeconfigContext &context)
{
    replaceByName(m_contexts, context);
}

Result<ClientConfig> Kubeconfig::resolve(const QString &contextName) const
{
    const QString files = m_sourceFiles.isEmpty() ? QStringLiteral("no kubeconfig file (none found)")
                                                  : m_sourceFiles.join(QStringLiteral(", "));
    const QString name = contextName.isEmpty() ? m_currentContext : contextName;
    if (name.isEmpty())
        return Error(
            ErrorCode::BadRequest,
            QStringLiteral("current-context is not set in %1: pass a context or run `config use-context`").arg(files));
    const KubeconfigContext *ctx = context(name);
    if (!ctx)
        return Error(ErrorCode::NotFound, QStringLiteral("context \"%1\" not found in %2").arg(name, files));
    const QString ctxWhere = QStringLiteral("context \"%1\"%2").arg(name, in(ctx->sourceFile));
    if (ctx->cluster.isEmpty())
        return Error(ErrorCode::BadRequest, ctxWhere + QStringLiteral(" names no cluster"));
    const KubeconfigCluster *cl = cluster(ctx->cluster);
    if (!cl)
        return Error(ErrorCode::NotFound, QStringLiteral("%1 refers to cluster \"%2\", which is not defined in %3")
                                              .arg(ctxWhere, ctx->cluster, files));
    const QString clusterWhere = QStringLiteral("cluster \"%1\"%2").arg(cl->name, in(cl->sourceFile));
    if (cl->server.isEmpty())
        return Error(ErrorCode::BadRequest, clusterWhere + QStringLiteral(" has no server"));

    ClientConfig config;
    config.contextName = name;
    config.server = cl->server;
    config.insecureSkipTlsVerify = cl->insecureSkipTlsVerify;
    config.tlsServerName = cl->tlsServerName;
    if (!ctx->namespaceName.isEmpty())
        config.namespaceName = ctx->namespaceName;
    auto ca = dataOrFile(cl->certificateAuthorityData, cl->certificateAuthority, clusterWhere, "certificate-authority");
    if (!ca)
        return ca.error();
    config.caPem = *ca;
    if (config.insecureSkipTlsVerify && !config.caPem.isEmpty())
        return Error(ErrorCode::BadRequest,
                     clusterWhere + QStringLiteral(": a certificate authority and insecure-skip-tls-verify cannot "
                                                   "both be set (kubectl refuses this too)"));

    if (ctx->user.isEmpty())
        return config; // anonymous
    const KubeconfigUser *u = user(ctx->user);
    if (!u)
        return Error(
            ErrorCode::NotFound,
            QStringLiteral("%1 refers to user \"%2\", which is not defined in %3").arg(ctxWhere, ctx->user, files));
    const QString userWhere = QStringLiteral("user \"%1\"%2").arg(u->name, in(u->sourceFile));
    config.token = u->token;
    if (config.token.isEmpty() && !u->tokenFile.isEmpty()) {
        auto token = dataOrFile({}, u->tokenFile, userWhere, "tokenFile");
        if (!token)
            return token.error();
        config.token = QString::fromUtf8(*token).trimmed();
    }
    auto cert = dataOrFile(u->clientCertificateData, u->clientCertificate, userWhere, "client-certificate");
    if (!cert)
        return cert.error();
    auto key = dataOrFile(u->clientKeyData, u->clientKey, userWhere, "client-key");
    if (!key)
        return key.error();
    if (cert->isEmpty() != key->isEmpty())
        return Error(ErrorCode::BadRequest,
                     userWhere + QStringLiteral(": a client certificate and a client key must be given together"));
    config.clientCertificatePem = *cert;
    config.clientKeyPem = *key;
    if (config.token.isEmpty() && config.clientCertificatePem.isEmpty() && !u->unsupportedAuth.isEmpty())
        return Error(ErrorCode::BadRequest,
                     userWhere + QStringLiteral(" authenticates with %1, which Tugboat cannot run: give the user a "
                                                "token or a client certificate")
                                     .arg(u->unsupportedAuth));
    return config;
}

QByteArray Kubeconfig::toYaml() const
{
    QJsonArray clusters;
    for (const KubeconfigCluster &c : m_clusters) {
        QJsonObject body;
        insertIfSet(body, "server", c.server);
        insertIfSet(body, "certificate-authority", c.certificateAuthority);
        insertIfSet(body, "certificate-authority-data", c.certificateAuthorityData);
        if (c.insecureSkipTlsVerify)
            body.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        insertIfSet(body, "tls-server-name", c.tlsServerName);
        clusters.append(named(c.name, "cluster", body));
    }
    QJsonArray users;
    for (const KubeconfigUser &u : m_users) {
        QJsonObject body;
        insertIfSet(body, "token", u.token);
        insertIfSet(body, "tokenFile", u.tokenFile);
        insertIfSet(body, "client-certificate", u.clientCertificate);
        insertIfSet(body, "client-certificate-data", u.clientCertificateData);
        insertIfSet(body, "client-key", u.clientKey);
        insertIfSet(body, "client-key-data", u.clientKeyData);
        users.append(named(u.name, "user", body));
    }
    QJsonArray contexts;
    for (const KubeconfigContext &c : m_contexts) {
        QJsonObject body;
        insertIfSet(body, "cluster", c.cluster);
        insertIfSet(body, "user", c.user);
        insertIfSet(body, "namespace", c.namespaceName);
        contexts.append(named(c.name, "context", body));
    }
    const QJsonObject root{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("Config")},
                           {QStringLiteral("clusters"), clusters},
                           {QStringLiteral("users"), users},
                           {QStringLiteral("contexts"), contexts},
                           {QStringLiteral("current-context"), m_currentContext},
                           {QStringLiteral("preferences"), QJsonObject()}};
    return api::YamlWriter::write(root);
}

Result<void> Kubeconfig::save(const QString &path) const
{
    return writeOwnerOnly(path, toYaml());
}

Result<QString> Kubeconfig::useContext(const QString &contextName, const QString &explicitPath)
{
    const QStringList precedence = loadingPrecedence(explicitPath);
    auto merged = load(explicitPath);
    if (!merged)
        return merged.error();
    if (!merged->context(contextName))
        return Error(ErrorCode::NotFound, QStringLiteral("no context exists with the name: \"%1\"").arg(contextName));

    // The file kubectl writes current-context to (client-go's writeCurrentContext, GetDefaultFilename).
    QString target;
    if (!explicitPath.isEmpty()) {
        target = explicitPath;
    } else {
        for (const QString &file : precedence) {
            auto one = QFileInfo::exists(file) ? loadFile(file) : Result<Kubeconfig>(Kubeconfig());
            if (one && !one->currentContext().isEmpty()) {
                target = file;
                break;
            }
        }
        if (target.isEmpty()) {
            for (const QString &file : precedence) {
                if (QFileInfo::exists(file)) {
                    target = file;
                    break;
                }
            }
        }
        if (target.isEmpty())
            target = precedence.last();
    }

    QJsonObject document{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                         {QStringLiteral("kind"), QStringLiteral("Config")}};
    if (QFileInfo::exists(target)) {
        auto text = readFile(target);
        if (!text)
            return Error(text.error().code(), QStringLiteral("%1: %2").arg(target, text.errorMessage()));
        auto value = api::YamlReader::read(*text, target);
        if (!value)
            return value.error();
        if (value->isObject())
            document = value->toObject();
        else if (!value->isNull())
            return Error(ErrorCode::BadRequest,
                         QStringLiteral("%1: not a kubeconfig: the top level must be a mapping").arg(target));
    }
    document.insert(QStringLiteral("current-context"), contextName);
    if (auto written = writeOwnerOnly(target, api::YamlWriter::write(document)); !written)
        return written.error();
    return target;
}

} // namespace tugboat::client
