// Bearer tokens: generation, the store that persists them, and the node join token format.
//
// A token is `<id>.<secret>`, in the shape of Kubernetes bootstrap tokens: id 6 and secret 32 characters
// of [a-z0-9], drawn from the OS CSPRNG through OpenSSL's RAND_bytes (about 165 bits of secret). Only the
// SHA-256 of the secret is stored; a plain hash suffices (no slow KDF) because the secret is random, not
// a password. Authentication looks the id up and compares digests in constant time (CRYPTO_memcmp).
//
// Join tokens (what `tugboatd agent --token` takes, kept in the data dir's `node-token`) use k3s' "secure"
// form `K10<ca-hash>::<id>.<secret>`, which k3s itself accepts for bootstrap-style tokens: the agent
// fetches the CA, checks that caHash() (pki.h) of it equals <ca-hash>, and from then on trusts only that
// CA. k3s' other form `K10<hash>::server:<password>` is refused: it has no id to look up and would need
// the password compared against every stored token. A bare `<id>.<secret>` is accepted too (no pin: the
// agent must then already trust the server's CA).
//
// A join token is a node-role token without a node name. It grants nothing through the authorizer; the
// server exchanges it for a per-node credential (createNodeCredential), so that each node is held to its
// own Node, Lease and pods.
//
// Secrets never reach a log: Token holds no secret, and the debug printers of IssuedToken and JoinToken
// print "<redacted>" in its place. Errors never quote a token either.
#pragma once

#include "api/clock.h"
#include "api/result.h"
#include "identity.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QDebug>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <chrono>
#include <memory>
#include <optional>

namespace tugboat::apiserver {

// Bytes from the OS CSPRNG (RAND_bytes). Internal error in the practically impossible case that the
// generator cannot be seeded.
api::Result<QByteArray> randomBytes(int count);
// `length` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias).
api::Result<QString> randomString(int length, QStringView alphabet = u"abcdefghijklmnopqrstuvwxyz0123456789");

// Equal contents, in time that depends only on the lengths (CRYPTO_memcmp).
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// A stored token: everything but the secret.
struct Token {
    QString id;
    QByteArray secretHash; // SHA-256 of the secret, 32 bytes
    Role role = Role::Viewer;
    QString nodeName; // node credentials only; empty for a join token
    QString description;
    QDateTime created;
    QDateTime expires; // invalid: never

    bool isJoinToken() const { return role == Role::Node && nodeName.isEmpty(); }
    bool isExpiredAt(qint64 nowMs) const { return expires.isValid() && expires.toMSecsSinceEpoch() <= nowMs; }
};
QDebug operator<<(QDebug debug, const Token &token);

// A token just created: the only time its secret is known.
struct IssuedToken {
    Token token;
    QString secret;

    QString bearer() const { return token.id + QLatin1Char('.') + secret; }
};
QDebug operator<<(QDebug debug, const IssuedToken &issued);

// A parsed join token.
struct JoinToken {
    QString caHash; // lower-case hex SHA-256 to pin the CA with; empty for the bare form
    QString tokenId;
    QString secret;

    static JoinToken fromIssued(const QString &caHash, const IssuedToken &issued);
    // `K10<hash>::<id>.<secret>` or `<id>.<secret>`, surrounding white space ignored. BadRequest
    // otherwise; the message never contains the token.
    static api::Result<JoinToken> parse(QStringView text);

    QString bearer() const { return tokenId + QLatin1Char('.') + secret; }
    QString toString() const; // the K10 form when there is a hash, else the bearer
};
QDebug operator<<(QDebug debug, const JoinToken &token);

struct TokenSpec {
    Role role = Role::Viewer; // Admin, Viewer or Node
    QString nodeName;         // Node: the node it speaks for; empty makes a join token
    QString description;
    std::chrono::milliseconds ttl{0}; // 0: never expires
};

// The tokens of a cluster, persisted in one JSON file (the data dir's tokens.json), mode 0600, replaced
// atomically on every change; memory and file always agree (a failed write changes nothing).
//
// Thread-safety: every method may be called from any thread (one mutex). authenticate() touches no disk;
// the others write the file, so call them where blocking is allowed.
class TokenStore {
public:
    // Reads `path` if it exists (it is created on the first change). Errors name the file and the entry.
    static api::Result<std::shared_ptr<TokenStore>> open(const QString &path,
                                                         const api::Clock &clock = api::Clock::system());

    TokenStore(const TokenStore &) = delete;
    TokenStore &operator=(const TokenStore &) = delete;

    QString path() const { return m_path; }

    // A new token. BadRequest for an anonymous role, a node name on a non-node token, an invalid node
    // name, or a negative TTL.
    api::Result<IssuedToken> create(const TokenSpec &spec);

    // What the server does when a join token is presented with a node name: a credential for that node
    // only. AlreadyExists when the node holds an unexpired credential and !replaceExisting, so that a
    // second machine cannot take over a registered node's name with the shared join token (k3s refuses
    // the same way through its node password); an admin deletes the old credential to let it re-join.
    api::Result<IssuedToken> createNodeCredential(const QString &nodeName, const QString &description = {},
                                                  bool replaceExisting = false);

    // Every token, expired ones included, oldest first.
    QList<Token> list() const;
    std::optional<Token> find(const QString &id) const;
    api::Result<void> remove(const QString &id); // NotFound when there is no such token
    api::Result<int> removeExpired();            // how many were removed

    // The identity of `bearer` (`<id>.<secret>`, or a whole join token in the K10 form). Unauthorized,
    // with Kubernetes' bare message "Unauthorized", for anything malformed, unknown, wrong or expired.
    api::Result<Identity> authenticate(QStringView bearer) const;

private:
    TokenStore(QString path, const api::Clock &clock);
    api::Result<void> load();
    api::Result<void> save(const QList<Token> &tokens) const;
    api::Result<IssuedToken> createLocked(const TokenSpec &spec);

    QString m_path;
    const api::Clock &m_clock;
    mutable QMutex m_mutex;
    QList<Token> m_tokens; // oldest first
};

} // namespace tugboat::apiserver
