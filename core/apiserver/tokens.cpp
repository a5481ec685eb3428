#include "tokens.h"

#include "api/names.h"
#include "securefiles.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QRegularExpression>
#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace tugboat::apiserver {

using api::Error;
using api::ErrorCode;
using api::Result;

Q_LOGGING_CATEGORY(lcTokens, "tugboat.apiserver.tokens")

namespace {

constexpr int kIdLength = 6;
constexpr int kSecretLength = 32;
const QLatin1String kJoinPrefix("K10");
const QLatin1String kFileKind("TokenList");
const QLatin1String kFileApiVersion("tugboat.io/v1");
const QString kRedacted = QStringLiteral("<redacted>");

QByteArray hashSecret(QStringView secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
}

// id and secret of `<id>.<secret>`; ids and secrets are [a-z0-9] so nothing else needs escaping.
bool splitBearer(QStringView bearer, QString *id, QString *secret)
{
    static const QRegularExpression pattern(QStringLiteral("^([a-z0-9]{6})\\.([a-z0-9]{16,64})$"));
    const auto match = pattern.match(bearer);
    if (!match.hasMatch())
        return false;
    *id = match.captured(1);
    *secret = match.captured(2);
    return true;
}

Error unauthorized()
{
    return Error(ErrorCode::Unauthorized, QStringLiteral("Unauthorized"));
}

QString formatTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject tokenToJson(const Token &token)
{
    QJsonObject o{{QStringLiteral("id"), token.id},
                  {QStringLiteral("secretHash"), QString::fromLatin1("sha256:" + token.secretHash.toHex())},
                  {QStringLiteral("role"), roleName(token.role)},
                  {QStringLiteral("created"), formatTime(token.created)}};
    if (!token.nodeName.isEmpty())
        o.insert(QStringLiteral("nodeName"), token.nodeName);
    if (!token.description.isEmpty())
        o.insert(QStringLiteral("description"), token.description);
    if (token.expires.isValid())
        o.insert(QStringLiteral("expires"), formatTime(token.expires));
    return o;
}

Result<Token> tokenFromJson(const QJsonValue &value, const QString &where)
{
    auto bad = [&](const QString &field, const QString &what) {
        return Error(ErrorCode::BadRequest, QStringLiteral("%1.%2: %3").arg(where, field, what));
    };
    if (!value.isObject())
        return Error(ErrorCode::BadRequest, where + QStringLiteral(": must be an object"));
    const QJsonObject o = value.toObject();
    Token token;
    token.id = o.value(QLatin1String("id")).toString();
    if (token.id.size() != kIdLength)
        return bad(QStringLiteral("id"), QStringLiteral("must be %1 characters of [a-z0-9]").arg(kIdLength));
    const QString hash = o.value(QLatin1String("secretHash")).toString();
    token.secretHash = QByteArray::fromHex(hash.mid(7).toLatin1());
    if (!hash.startsWith(QLatin1String("sha256:")) || token.secretHash.size() != 32)
        return bad(QStringLiteral("secretHash"), QStringLiteral("must be sha256: and 64 hex digits"));
    const QString role = o.value(QLatin1String("role")).toString();
    const auto parsedRole = tokenRoleFromName(role);
    if (!parsedRole)
        return bad(QStringLiteral("role"),
                   QStringLiteral("unsupported value \"%1\": must be admin, viewer or node").arg(role));
    token.role = *parsedRole;
    token.nodeName = o.value(QLatin1String("nodeName")).toString();
    token.description = o.value(QLatin1String("description")).toString();
    token.created = QDateTime::fromString(o.value(QLatin1String("created")).toString(), Qt::ISODateWithMs);
    const QString expires = o.value(QLatin1String("expires")).toString();
    if (!expires.isEmpty()) {
        token.expires = QDateTime::fromString(expires, Qt::ISODateWithMs);
        if (!token.expires.isValid())
            return bad(QStringLiteral("expires"), QStringLiteral("invalid time \"%1\"").arg(expires));
    }
    return token;
}

} // namespace

Result<QByteArray> randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), count) != 1)
        return Error(ErrorCode::Internal, QStringLiteral("the system random number generator failed"));
    return bytes;
}

Result<QString> randomString(int length, QStringView alphabet)
{
    // Bytes at or above the largest multiple of the alphabet size are dropped, so every character is
    // equally likely: for 36 characters, 252 of 256 byte values are kept.
    const int size = int(alphabet.size());
    const int limit = 256 - 256 % size;
    QString out;
    out.reserve(length);
    while (out.size() < length) {
        auto bytes = randomBytes(length * 2);
        if (!bytes)
            return bytes.error();
        for (char c : *bytes) {
            const int v = static_cast<unsigned char>(c);
            if (v < limit && out.size() < length)
                out.append(alphabet[v % size]);
        }
    }
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return a.isEmpty() || CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

QDebug operator<<(QDebug debug, const Token &token)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "Token(id=" << token.id << ", role=" << roleName(token.role);
    if (!token.nodeName.isEmpty())
        debug << ", node=" << token.nodeName;
    if (!token.description.isEmpty())
        debug << ", description=" << token.description;
    if (token.expires.isValid())
        debug << ", expires=" << formatTime(token.expires);
    debug << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const IssuedToken &issued)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "IssuedToken(" << issued.token << ", secret=" << kRedacted << ')';
    return debug;
}

JoinToken JoinToken::fromIssued(const QString &caHash, const IssuedToken &issued)
{
    return JoinToken{caHash, issued.token.id, issued.secret};
}

Result<JoinToken> JoinToken::parse(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    const QString expected = QStringLiteral(
        "invalid join token: expected K10<sha256 of the CA certificate>::<id>.<secret> or <id>.<secret>");
    JoinToken token;
    QStringView bearer = trimmed;
    if (trimmed.startsWith(kJoinPrefix)) {
        const qsizetype separator = trimmed.indexOf(u"::");
        if (separator < 0)
            return Error(ErrorCode::BadRequest, expected);
        const QStringView hash = trimmed.sliced(kJoinPrefix.size(), separator - kJoinPrefix.size());
        static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]{64}$"));
        if (!hex.match(hash).hasMatch())
            return Error(ErrorCode::BadRequest, expected + QStringLiteral(" (the CA hash is not 64 hex digits)"));
        token.caHash = hash.toString().toLower();
        bearer = trimmed.sliced(separator + 2);
        if (bearer.startsWith(u"server:") || bearer.startsWith(u"node:"))
            return Error(ErrorCode::BadRequest,
                         QStringLiteral("k3s server tokens (K10<hash>::server:<password>) are not supported: use "
                                        "the token in the server's data dir, node-token"));
    }
    if (!splitBearer(bearer, &token.tokenId, &token.secret))
        return Error(ErrorCode::BadRequest, expected);
    return token;
}

QString JoinToken::toString() const
{
    return caHash.isEmpty() ? bearer() : kJoinPrefix + caHash + QStringLiteral("::") + bearer();
}

QDebug operator<<(QDebug debug, const JoinToken &token)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "JoinToken(caHash=" << token.caHash << ", id=" << token.tokenId << ", secret=" << kRedacted
                    << ')';
    return debug;
}

TokenStore::TokenStore(QString path, const api::Clock &clock)
    : m_path(std::move(path))
    , m_clock(clock)
{}

Result<std::shared_ptr<TokenStore>> TokenStore::open(const QString &path, const api::Clock &clock)
{
    std::shared_ptr<TokenStore> store(new TokenStore(path, clock));
    if (auto loaded = store->load(); !loaded)
        return loaded.error();
    return store;
}

Result<void> TokenStore::load()
{
    auto data = readSmallFile(m_path, 16 * 1024 * 1024);
    if (!data)
        return data.error().code() == ErrorCode::NotFound ? Result<void>() : Result<void>(data.error());
    if (auto restricted = restrictToOwner(m_path); !restricted)
        return restricted;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*data, &parseError);
    if (!doc.isObject())
        return Error(ErrorCode::BadRequest, QStringLiteral("%1: not a JSON object (%2 at offset %3)")
                                                .arg(m_path, parseError.errorString())
                                                .arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("kind")).toString() != kFileKind)
        return Error(ErrorCode::BadRequest, QStringLiteral("%1: kind must be %2").arg(m_path, kFileKind));
    const QJsonArray tokens = root.value(QLatin1String("tokens")).toArray();
    QList<Token> loaded;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        auto token = tokenFromJson(tokens.at(i), QStringLiteral("%1: tokens[%2]").arg(m_path).arg(i));
        if (!token)
            return token.error();
        loaded.append(std::move(token).value());
    }
    m_tokens = std::move(loaded);
    return {};
}

Result<void> TokenStore::save(const QList<Token> &tokens) const
{
    QJsonArray array;
    for (const Token &token : tokens)
        array.append(tokenToJson(token));
    const QJsonObject root{{QStringLiteral("apiVersion"), kFileApiVersion},
                           {QStringLiteral("kind"), kFileKind},
                           {QStringLiteral("tokens"), array}};
    return writePrivateFile(m_path, QJsonDocument(root).toJson(QJsonDocument::Indented));
}

Result<IssuedToken> TokenStore::create(const TokenSpec &spec)
{
    QMutexLocker lock(&m_mutex);
    return createLocked(spec);
}

Result<IssuedToken> TokenStore::createLocked(const TokenSpec &spec)
{
    if (spec.role == Role::Anonymous)
        return Error(ErrorCode::BadRequest, QStringLiteral("role: a token must be admin, viewer or node"));
    if (spec.role != Role::Node && !spec.nodeName.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("nodeName: only node tokens name a node"));
    if (!spec.nodeName.isEmpty()) {
        const QStringList problems = api::isDns1123Subdomain(spec.nodeName);
        if (!problems.isEmpty())
            return Error(
                ErrorCode::BadRequest,
                QStringLiteral("nodeName: Invalid value: \"%1\": %2").arg(spec.nodeName, problems.join(u", ")));
    }
    if (spec.ttl.count() < 0)
        return Error(ErrorCode::BadRequest, QStringLiteral("ttl: must be 0 (never expires) or positive"));

    IssuedToken issued;
    do {
        auto id = randomString(kIdLength);
        if (!id)
            return id.error();
        issued.token.id = *id;
    } while (std::any_of(m_tokens.begin(), m_tokens.end(), [&](const Token &t) { return t.id == issued.token.id; }));
    auto secret = randomString(kSecretLength);
    if (!secret)
        return secret.error();
    issued.secret = *secret;

    const qint64 now = m_clock.nowMs();
    Token &token = issued.token;
    token.secretHash = hashSecret(issued.secret);
    token.role = spec.role;
    token.nodeName = spec.nodeName;
    token.description = spec.description;
    token.created = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
    if (spec.ttl.count() > 0)
        token.expires = QDateTime::fromMSecsSinceEpoch(now + spec.ttl.count(), Qt::UTC);

    QList<Token> next = m_tokens;
    next.append(token);
    if (auto saved = save(next); !saved)
        return saved.error();
    m_tokens = std::move(next);
    qCInfo(lcTokens) << "token created" << token;
    return issued;
}

Result<IssuedToken> TokenStore::createNodeCredential(const QString &nodeName, const QString &description,
                                                     bool replaceExisting)
{
    if (nodeName.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("nodeName: Required value"));
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock.nowMs();
    QList<Token> kept;
    for (const Token &token : std::as_const(m_tokens)) {
        const bool sameNode = token.role == Role::Node && token.nodeName == nodeName;
        if (sameNode && !token.isExpiredAt(now) && !replaceExisting)
            return Error(ErrorCode::AlreadyExists,
                         QStringLiteral("node \"%1\" already has a credential (token %2): delete it to let the "
                                        "node join again")
                             .arg(nodeName, token.id));
        if (!sameNode)
            kept.append(token);
    }
    const QList<Token> before = m_tokens;
    m_tokens = kept;
    TokenSpec spec{Role::Node, nodeName,
                   description.isEmpty() ? QStringLiteral("credential of node %1").arg(nodeName) : description,
                   std::chrono::milliseconds(0)};
    auto issued = createLocked(spec);
    if (!issued)
        m_tokens = before; // nothing was written
    return issued;
}

QList<Token> TokenStore::list() const
{
    QMutexLocker lock(&m_mutex);
    return m_tokens;
}

std::optional<Token> TokenStore::find(const QString &id) const
{
    QMutexLocker lock(&m_mutex);
    for (const Token &token : m_tokens) {
        if (token.id == id)
            return token;
    }
    return std::nullopt;
}

Result<void> TokenStore::remove(const QString &id)
{
    QMutexLocker lock(&m_mutex);
    QList<Token> next = m_tokens;
    const qsizetype removed = next.removeIf([&](const Token &t) { return t.id == id; });
    if (removed == 0)
        return Error(ErrorCode::NotFound, QStringLiteral("token \"%1\" not found").arg(id));
    if (auto saved = save(next); !saved)
        return saved;
    m_tokens = std::move(next);
    qCInfo(lcTokens) << "token deleted" << id;
    return {};
}

Result<int> TokenStore::removeExpired()
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock.nowMs();
    QList<Token> next = m_tokens;
    const qsizetype removed = next.removeIf([&](const Token &t) { return t.isExpiredAt(now); });
    if (removed == 0)
        return 0;
    if (auto saved = save(next); !saved)
        return saved.error();
    m_tokens = std::move(next);
    return int(removed);
}

Result<Identity> TokenStore::authenticate(QStringView bearer) const
{
    auto parsed = JoinToken::parse(bearer);
    if (!parsed)
        return unauthorized();
    const QByteArray presented = hashSecret(parsed->secret);
    QMutexLocker lock(&m_mutex);
    for (const Token &token : m_tokens) {
        if (token.id != parsed->tokenId)
            continue;
        if (!constantTimeEquals(presented, token.secretHash)) {
            qCDebug(lcTokens) << "authentication failed: wrong secret for token" << token.id;
            return unauthorized();
        }
        if (token.isExpiredAt(m_clock.nowMs())) {
            qCDebug(lcTokens) << "authentication failed: token" << token.id << "expired";
            return unauthorized();
        }
        return Identity::forToken(token.role, token.id, token.nodeName);
    }
    qCDebug(lcTokens) << "authentication failed: unknown token id" << parsed->tokenId;
    return unauthorized();
}

} // namespace tugboat::apiserver
