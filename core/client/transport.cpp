#include "transport.h"

#include "apirequest.h"

#include <QSslCertificate>
#include <QSslKey>

namespace tugboat::client::detail {

using api::Error;
using api::ErrorCode;

Transport::Transport(const ClientConfig &config, const ClientOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_token(config.token)
    , m_tlsServerName(config.tlsServerName)
    , m_local(config.local)
{
    m_server = QUrl(config.server, QUrl::StrictMode);
    const QString scheme = m_server.scheme().toLower();
    if (!m_server.isValid() || m_server.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        m_configError =
            Error(ErrorCode::BadRequest,
                  QStringLiteral("invalid server URL \"%1\": want https://HOST[:PORT] or http://HOST[:PORT]")
                      .arg(config.server));
    } else if (scheme == QLatin1String("https")) {
        m_configError = setUpTls(config);
    }
    m_manager = newManager();
}

Transport::~Transport()
{
    const QList<Operation *> operations = findChildren<Operation *>(QString(), Qt::FindDirectChildrenOnly);
    for (const QPointer<Operation> &operation : QList<QPointer<Operation>>(operations.begin(), operations.end()))
        delete operation.data();
}

std::optional<Error> Transport::setUpTls(const ClientConfig &config)
{
    m_tls = QSslConfiguration::defaultConfiguration();
    m_tls.setProtocol(QSsl::TlsV1_2OrLater);
    m_tls.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    if (config.insecureSkipTlsVerify) {
        m_tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        m_tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!config.caPem.isEmpty()) {
            const QList<QSslCertificate> cas = QSslCertificate::fromData(config.caPem, QSsl::Pem);
            if (cas.isEmpty())
                return Error(
                    ErrorCode::BadRequest,
                    QStringLiteral("certificate-authority data for %1 holds no PEM certificate").arg(config.server));
            // Replacing the list also stops Qt from loading the system's roots on demand.
            m_tls.setCaCertificates(cas);
        }
    }
    if (!config.clientCertificatePem.isEmpty() || !config.clientKeyPem.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(config.clientCertificatePem, QSsl::Pem);
        if (certs.isEmpty())
            return Error(ErrorCode::BadRequest, QStringLiteral("client-certificate data holds no PEM certificate"));
        QSslKey key(config.clientKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
        if (key.isNull())
            key = QSslKey(config.clientKeyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
        if (key.isNull())
            return Error(ErrorCode::BadRequest,
                         QStringLiteral("client-key data holds no unencrypted EC or RSA private key in PEM"));
        m_tls.setLocalCertificate(certs.first());
        if (certs.size() > 1)
            m_tls.setLocalCertificateChain(certs);
        m_tls.setPrivateKey(key);
    }
    return std::nullopt;
}

QNetworkAccessManager *Transport::newManager()
{
    auto *manager = new QNetworkAccessManager(this);
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    manager->setAutoDeleteReplies(false);
    return manager;
}

QUrl Transport::url(const QString &path, const QUrlQuery &query) const
{
    QUrl u = m_server;
    QString base = u.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    u.setPath(base + path);
    u.setQuery(query);
    return u;
}

QNetworkRequest Transport::makeRequest(const RequestSpec &spec) const
{
    QNetworkRequest request(url(spec.path, spec.query));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setRawHeader("Accept", spec.accept);
    request.setRawHeader("User-Agent", m_options.userAgent.toUtf8());
    if (!spec.contentType.isEmpty())
        request.setRawHeader("Content-Type", spec.contentType);
    if (m_server.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0) {
        request.setSslConfiguration(m_tls);
        if (!m_tlsServerName.isEmpty())
            request.setPeerVerifyName(m_tlsServerName);
        if (!m_token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    }
    return request;
}

LocalRequest Transport::makeLocalRequest(const RequestSpec &spec) const
{
    LocalRequest request{spec.method, spec.path, spec.query, {}, spec.body};
    request.headers.append({"accept", spec.accept});
    request.headers.append({"user-agent", m_options.userAgent.toUtf8()});
    if (!spec.contentType.isEmpty())
        request.headers.append({"content-type", spec.contentType});
    if (!m_token.isEmpty())
        request.headers.append({"authorization", "Bearer " + m_token.toUtf8()});
    return request;
}

QNetworkAccessManager *Transport::acquireManager(bool streaming)
{
    if (!streaming)
        return m_manager;
    const int perManager = std::max(1, m_options.streamsPerManager);
    for (auto it = m_streamManagers.begin(); it != m_streamManagers.end(); ++it) {
        if (it.value() < perManager) {
            ++it.value();
            return it.key();
        }
    }
    QNetworkAccessManager *manager = newManager();
    m_streamManagers.insert(manager, 1);
    return manager;
}

void Transport::releaseManager(QNetworkAccessManager *manager)
{
    auto it = m_streamManagers.find(manager);
    if (it == m_streamManagers.end())
        return;
    // Managers are kept (with their open connections) for the next stream; idle ones beyond the
    // first are dropped so a burst of streams does not leave threads behind.
    if (--it.value() == 0 && m_streamManagers.size() > 1) {
        m_streamManagers.erase(it);
        manager->deleteLater();
    }
}

} // namespace tugboat::client::detail
